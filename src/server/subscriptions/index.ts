export { createSubscriptionServer, type SubscriptionServer, type SubscriptionServerOptions } from './subscription-server';
