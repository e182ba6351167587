/** A vendor answer's media type from its `Content-Type`: type and subtype, lower case, no parameters; '' when none. */
export function mediaType(contentType: string | string[] | undefined): string {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return (value ?? '').split(';', 1)[0]!.trim().toLowerCase();
}
