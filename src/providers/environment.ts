import { z } from 'zod';

/** Unset and empty mean the same, as in most .env files. */
export const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().trim().min(1).optional());
export const flagWithDefault = (fallback: boolean) =>
  z
    .preprocess((value) => (value === '' ? undefined : value), z.enum(['1', '0', 'true', 'false', 'on', 'off']).optional())
    .transform((value) => (value === undefined ? fallback : value === '1' || value === 'true' || value === 'on'));
export const flag = flagWithDefault(false);
export const baseUrl = (fallback: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/ }).default(fallback));
