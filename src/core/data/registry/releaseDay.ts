/**
 * A registry timestamp: a date, optionally a time (`T` or a space), optionally a zone. Fixed
 * fields one after another, so it is matched in one pass whatever the input.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * The UTC day (`YYYY-MM-DD`) a registry says something was published: an RFC 3339 time with `Z` or
 * an offset (npm `time`, PEP 700 `upload-time`, RubyGems `created_at`, Packagist `time`), or a date
 * and time with no zone, which Composer reads as UTC (composer.json schema, `time`: `YYYY-MM-DD` or
 * `YYYY-MM-DD HH:MM:SS`). Only the day is kept: it is what people compare, and it keeps caches small.
 * Undefined for anything else, an impossible date (`2024-02-30`) included.
 */
export function releaseDay(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 40) {
    return undefined;
  }
  const match = TIMESTAMP.exec(value.trim());
  if (match === null) {
    return undefined;
  }
  const [, year, month, day, hours = '0', minutes = '0', seconds = '0', zone] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 60) {
    return undefined;
  }
  if (zone === undefined || zone.toUpperCase() === 'Z') {
    return date.toISOString().slice(0, 10);
  }
  // `+05:00`: 05:00 there is 00:00 UTC, so the offset is taken off.
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * (zone.startsWith('-') ? -1 : 1);
  const instant = date.getTime() + (Number(hours) * 60 + Number(minutes) - offset) * 60_000;
  return new Date(instant).toISOString().slice(0, 10);
}
