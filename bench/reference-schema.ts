/**
 * The reference's SDL: the gateway's types and arguments for exactly the fields the benchmark
 * scenarios select, so the same query texts validate and answer with the same JSON.
 */
export const REFERENCE_TYPE_DEFS = /* GraphQL */ `
  scalar SafeInt
  scalar DateTime

  type Query {
    order(orderId: SafeInt!): Order
    orders(orderIds: [SafeInt!]!): [Order]!
    assets(first: Int! = 20): AssetConnection!
  }

  type Mutation {
    validatePurchase(input: ValidatePurchaseInput!): ValidatePurchasePayload!
    placeDdsOrder(input: PlaceDdsOrderInput!): PlaceDdsOrderPayload!
  }

  enum OrderStatus { COMPLETED FAILED PROCESSING }
  enum OrderItemStatus { CANCELLED COMPLETED FAILED PROCESSING UNKNOWN }

  type Order {
    orderId: SafeInt!
    status: OrderStatus!
    items: [OrderItem!]!
  }

  type OrderItem {
    orderLineId: SafeInt
    status: OrderItemStatus!
    downloadUrl: String
    viewUrl: String
  }

  input ValidatePurchaseInput {
    assetId: SafeInt!
    quantity: Int! = 1
    customerIp: String!
  }

  type ValidatePurchasePayload {
    validationToken: ValidationToken
    userErrors: [UserError!]!
  }

  type ValidationToken {
    token: String!
    expiresAt: DateTime!
  }

  type UserError {
    code: String!
    message: String!
    field: [String!]
  }

  input PlaceDdsOrderInput {
    orderId: String!
    resid: String!
    priceOre: Int!
  }

  type PlaceDdsOrderPayload {
    ddsOrder: DdsOrder
    userErrors: [UserError!]!
  }

  type DdsOrder {
    orderId: String!
    fulfilmentId: ID!
    contentUrl: String!
    placedAt: DateTime!
  }

  type AssetConnection {
    edges: [AssetEdge!]!
    pageInfo: PageInfo!
  }

  type AssetEdge {
    cursor: String!
    node: Asset!
  }

  type Asset {
    assetId: SafeInt
    title: String
    format: String
    minQty: Int
    world: Boolean
    countries: [String!]!
    retailPrice: Money
    contributors: [AssetContributor!]!
    prices: [AssetPrice!]!
  }

  type AssetContributor {
    name: String
    role: String
  }

  type AssetPrice {
    typeId: String
    price: Money
  }

  type Money {
    amount: String!
    currency: String!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
`;
