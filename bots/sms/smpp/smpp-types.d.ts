// The small part of the untyped `smpp` package (0.5.x, CommonJS) that the gateway and the test SMSC use.
// Read from node_modules/smpp/lib: a received PDU carries its fields as properties, short_message already decoded.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    /** A received short_message / message_payload: UDH information elements split off, text decoded by data_coding. */
    interface DecodedMessage {
      udh?: Buffer[];
      /** A Buffer when the library does not know the data_coding. */
      message: string | Buffer;
    }

    /** What a PDU is built from; a Buffer short_message is sent as is, a string one is encoded by the library. */
    interface PduOptions {
      command_status?: number;
      system_id?: string;
      password?: string;
      interface_version?: number;
      message_id?: string;
      source_addr_ton?: number;
      source_addr_npi?: number;
      source_addr?: string;
      dest_addr_ton?: number;
      dest_addr_npi?: number;
      destination_addr?: string;
      esm_class?: number;
      registered_delivery?: number;
      data_coding?: number;
      short_message?: Buffer | string | { udh: Buffer; message: string };
      receipted_message_id?: string;
      message_state?: number;
    }

    class PDU {
      constructor(command: string, options?: PduOptions);
      /** Parses a PDU from its wire bytes, decoding it as a received one. */
      constructor(wire: Buffer);
      readonly command: string;
      readonly command_status: number;
      readonly sequence_number: number;
      readonly system_id?: string;
      readonly password?: string;
      readonly message_id?: string;
      readonly source_addr_ton?: number;
      readonly source_addr?: string;
      readonly destination_addr?: string;
      readonly esm_class?: number;
      readonly registered_delivery?: number;
      readonly data_coding?: number;
      readonly short_message?: DecodedMessage;
      readonly message_payload?: DecodedMessage;
      readonly receipted_message_id?: string;
      readonly message_state?: number;
      isResponse(): boolean;
      response(options?: PduOptions): PDU;
      toBuffer(): Buffer;
    }

    /** A received PDU is emitted as 'pdu' and again under its command name. */
    interface SessionEvents {
      connect: [];
      close: [];
      error: [Error];
      pdu: [PDU];
      deliver_sm: [PDU];
      enquire_link: [PDU];
      unbind: [PDU];
      unknown: [PDU];
    }

    class Session extends EventEmitter<SessionEvents> {
      readonly socket: Socket;
      /** Returns false (and sends nothing) when the socket is no longer writable. */
      send(pdu: PDU, responseCallback?: (response: PDU) => void): boolean;
      close(): void;
      destroy(): void;
    }

    class Server extends NetServer {
      readonly sessions: Session[];
    }

    interface ConnectOptions {
      url: string;
      auto_enquire_link_period?: number;
    }

    function connect(options: ConnectOptions): Session;
    function createServer(sessionListener: (session: Session) => void): Server;

    /** Command status names (ESME_R…) to their codes. */
    const errors: Readonly<Record<string, number>>;
  }

  export = smpp;
}
