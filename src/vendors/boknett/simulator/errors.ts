import type { SimResponse } from '../../simulator-kit';

/** Boknett's error body: `{ "status": <int>, "message": "<human text>" }`. */
export function boknettErrorBody(status: number, message: string): { status: number; message: string } {
  return { status, message };
}

export function errorResponse(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, json: boknettErrorBody(status, message), headers };
}
