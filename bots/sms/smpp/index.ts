export type { SmppGatewayConfig, SmppGatewaysConfig } from './gateway-config.js';
export { parseSmppGateways, SmppConfigError } from './gateway-config.js';
export type { RoutableGateway } from './prefix-router.js';
export { PrefixRouter } from './prefix-router.js';
export { SmppBindError } from './smpp-connection.js';
export type { SmppGatewayEvents, SmppGatewayOptions, SmppInbox } from './smpp-gateway.js';
export { SMS_CHANNEL, SmppGateway } from './smpp-gateway.js';
export type { SmppSenderOptions, SmppTuning } from './smpp-sender.js';
export { createSmppGateways, SmppSender, smppProviderId } from './smpp-sender.js';
