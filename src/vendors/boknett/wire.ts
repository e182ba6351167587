import { z } from 'zod';

/**
 * Boknett DDS's JSON and headers as they travel. Nothing outside this folder reads
 * these shapes or names.
 */

/** Body of `POST order` and `POST order/subscription`. */
export interface OrderRequestWire {
  orderid: string;
  resid: string;
  /** Øre incl. VAT as a string of digits, as in the published examples (`"18900"`). */
  spd: string;
  id?: string;
  firstname?: string;
  lastname?: string;
  /** Not part of the subscription variant. */
  excerpt?: boolean;
}

/** Form of `POST {login}/v1/tickets`. */
export interface TicketRequestWire extends Record<string, string> {
  username: string;
  password: string;
}

/** Body of `POST {oauth token URL}`. */
export interface TokenRequestWire {
  client_id: string;
  client_secret: string;
  audience: string;
  grant_type: 'client_credentials';
}

/** The response header that carries a new ticket (the older `Location` form is deprecated). */
export const TICKET_HEADER = 'boknett-tgt';

export const ticketWire = z.string().regex(/^TGT-\S+$/);

export const tokenWire = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().refine((type) => type.toLowerCase() === 'bearer', 'token_type must be Bearer'),
});

/** DDS's error body, `{ status, message }`; every part optional. */
export const errorResponseWire = z.object({ status: z.number().nullish(), message: z.string().nullish() }).partial();

/** The download status page, read as JSON. */
export const downloadStatusWire = z.object({
  status: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(['PROCESSING', 'READY', 'FAILED'])),
  downloadURL: z.string().nullish(),
  message: z.string().nullish(),
});

export type DownloadStatusWire = z.output<typeof downloadStatusWire>;
