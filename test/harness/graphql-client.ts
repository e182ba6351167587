import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { request } from 'undici';
import { bearer, TEST_API_KEY } from './api-keys';

export interface GraphQLResponse<TData> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The raw response text, for asserting what must never appear in it. */
  text: string;
}

/** Sends typed operations to the gateway over real HTTP, with the harness's test key unless given other credentials. */
export class GraphQLTestClient {
  constructor(
    readonly url: string,
    /** Headers that authenticate every request; `{}` sends none. */
    readonly credentials: Record<string, string> = bearer(TEST_API_KEY),
  ) {}

  /** The same gateway with other credentials, e.g. `{ 'x-api-key': key }`, or `{}` for none. */
  as(credentials: Record<string, string>): GraphQLTestClient {
    return new GraphQLTestClient(this.url, credentials);
  }

  async execute<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables, headers: Record<string, string> = {}): Promise<GraphQLResponse<TData>> {
    return this.post({ query: print(document), variables }, headers);
  }

  async post<TData = unknown>(body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<TData>> {
    const response = await request(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.credentials, ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.body.text();
    const parsed = text ? (JSON.parse(text) as Omit<GraphQLResponse<TData>, 'status' | 'headers' | 'text'>) : {};
    return { status: response.statusCode, headers: response.headers, text, ...parsed };
  }
}
