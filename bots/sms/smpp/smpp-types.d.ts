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
      sequence_number?: number;
      system_id?: string;
      password?: string;
      interface_version?: number;
      message_id?: string;
      service_type?: string;
      source_addr_ton?: number;
      source_addr_npi?: number;
      source_addr?: string;
      dest_addr_ton?: number;
      dest_addr_npi?: number;
      destination_addr?: string;
      esm_class?: number;
      protocol_id?: number;
      priority_flag?: number;
      schedule_delivery_time?: string;
      validity_period?: string;
      registered_delivery?: number;
      replace_if_present_flag?: number;
      data_coding?: number;
      sm_default_msg_id?: number;
      short_message?: Buffer | string | { udh: Buffer; message: string };
      message_payload?: Buffer | string | { udh: Buffer; message: string };
      receipted_message_id?: string;
      sar_msg_ref_num?: number;
      sar_total_segments?: number;
      sar_segment_seqnum?: number;
      message_state?: number;
    }

    class PDU {
      constructor(command: string, options?: PduOptions);
      /** Parses a PDU from its wire bytes, decoding it as a received one. */
      constructor(wire: Buffer);
      /** Parses a PDU from exactly its wire bytes; false when they are shorter than a header or its command_length. */
      static fromBuffer(wire: Buffer): PDU | false;
      readonly command: string;
      readonly command_id: number;
      readonly command_status: number;
      /** Given by the session that sends a request; a response carries its request's. */
      sequence_number: number;
      readonly system_id?: string;
      readonly password?: string;
      readonly message_id?: string;
      readonly service_type?: string;
      readonly source_addr_ton?: number;
      readonly source_addr_npi?: number;
      readonly source_addr?: string;
      readonly dest_addr_ton?: number;
      readonly dest_addr_npi?: number;
      readonly destination_addr?: string;
      readonly esm_class?: number;
      readonly protocol_id?: number;
      readonly priority_flag?: number;
      /** Decoded to a Date; '' when absent. */
      readonly schedule_delivery_time?: Date | string;
      readonly validity_period?: Date | string;
      readonly registered_delivery?: number;
      readonly replace_if_present_flag?: number;
      readonly data_coding?: number;
      readonly sm_default_msg_id?: number;
      readonly short_message?: DecodedMessage;
      readonly message_payload?: DecodedMessage;
      readonly receipted_message_id?: string;
      readonly message_state?: number;
      /** Concatenation in TLVs (SMPP 3.4 §5.3.2.22–24), an alternative to a UDH. */
      readonly sar_msg_ref_num?: number;
      readonly sar_total_segments?: number;
      readonly sar_segment_seqnum?: number;
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
      data_sm: [PDU];
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
    /** With a key and certificate, an ssmpp (TLS) server. */
    function createServer(options: { key: string; cert: string }, sessionListener: (session: Session) => void): Server;

    /** Command status names (ESME_R…) to their codes. */
    const errors: Readonly<Record<string, number>>;
  }

  export = smpp;
}
