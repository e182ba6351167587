import type { Secret } from '../../../config';
import { UpstreamError, unexpectedStatus, type VendorHttpClient } from '../../http';
import { TICKET_HEADER, ticketWire, type TicketRequestWire } from '../wire';
import type { IssuedCredential } from './cached-credential';
import { CachedTokenSource, credentialsRefused } from './cached-token-source';
import type { Clock } from './token-source';

/** DDS lets a ticket-granting ticket live at most two hours. */
export const TICKET_MAX_AGE_MS = 2 * 60 * 60 * 1000;

const SCHEME = 'Boknett ';
const VENDOR = 'BOKNETT_DDS' as const;

export interface TgtTokenSourceOptions {
  /** A client for the login service's origin (`https://login.boknett.no`). */
  http: VendorHttpClient;
  username: string;
  password: Secret;
  now: Clock;
}

/**
 * Legacy DDS authentication: `POST v1/tickets` with username and password, the ticket
 * read from the `Boknett-TGT` header and sent as `Boknett TGT-…`; `DELETE`d on close.
 */
export class TgtTokenSource extends CachedTokenSource {
  constructor(private readonly options: TgtTokenSourceOptions) {
    super(options.now);
  }

  protected async issue(): Promise<IssuedCredential> {
    const operation = 'login';
    const form: TicketRequestWire = { username: this.options.username, password: this.options.password.reveal() };
    const response = await this.options.http.request({ operation, method: 'POST', idempotent: false, path: 'v1/tickets', form });
    // DDS answers bad credentials with 400.
    if (response.status === 400) throw credentialsRefused(operation, 400);
    if (response.status !== 201) throw unexpectedStatus(response, VENDOR, operation);
    const header = response.headers[TICKET_HEADER];
    const ticket = ticketWire.safeParse(Array.isArray(header) ? header[0] : header);
    if (!ticket.success) {
      throw new UpstreamError({ vendor: VENDOR, operation, failure: 'BAD_RESPONSE', mayHaveReachedVendor: true, status: 201, detail: 'no usable Boknett-TGT header' });
    }
    return { value: `${SCHEME}${ticket.data}`, lifetimeMs: TICKET_MAX_AGE_MS };
  }

  protected override async logout(authorization: string): Promise<void> {
    const ticket = authorization.slice(SCHEME.length);
    await this.options.http.request({ operation: 'logout', method: 'DELETE', idempotent: false, path: `v1/tickets/${encodeURIComponent(ticket)}` });
  }
}
