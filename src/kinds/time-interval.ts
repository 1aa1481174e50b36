import type { JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject } from '../normalise/index.js';

/**
 * Alertmanager's time intervals (prometheus/alertmanager timeinterval/timeinterval.go, which Grafana's
 * `MuteTimeInterval.Validate` runs by a YAML round trip): the same checks, with the same messages, and the form
 * Grafana stores and returns (its MarshalYAML): weekdays by name, months, days and years as numbers, a one-element
 * range as one value (`monday:monday` -> `monday`, `january` -> `1`), names lower-cased.
 */

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** timeinterval.go validTime: `HH:MM`, 00:00-23:59, or 24:00. */
const VALID_TIME = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;

type Member = (text: string) => number;

const integer: Member = (text) => {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
};
const weekday: Member = (text) => {
  const n = WEEKDAYS.indexOf(text);
  if (n < 0) throw new Error(`${text} is not a valid weekday`);
  return n;
};
const month: Member = (text) => {
  const n = MONTHS.indexOf(text);
  if (n >= 0) return n + 1;
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`${text} is not a valid month`);
  return Number(text);
};

/** stringableRangeFromString: `a:b` or `a`, lower-cased. */
function range(input: string, member: Member): [number, number] {
  const text = input.toLowerCase();
  if (!text.includes(':')) {
    const value = member(text);
    return [value, value];
  }
  const parts = text.split(':');
  if (parts.length !== 2) throw new Error(`couldn't parse range ${text}, invalid format`);
  return [member(parts[0]!), member(parts[1]!)];
}

function parseTime(text: string): number {
  if (!VALID_TIME.test(text)) throw new Error(`couldn't parse timestamp ${text}, invalid format`);
  const [h, m] = text.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const two = (n: number): string => String(n).padStart(2, '0');
const clock = (minutes: number): string => `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
const joined = (a: string, b: string): string => (a === b ? a : `${a}:${b}`);

function strings(value: JsonValue | undefined, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${field} must be a list of strings`);
  return value as string[];
}

const canonicalWeekdays = (list: string[]): string[] => list.map((text) => {
  const [b, e] = range(text, weekday);
  if (b > e) throw new Error('start day cannot be before end day');
  return joined(WEEKDAYS[b]!, WEEKDAYS[e]!);
});

const canonicalDays = (list: string[]): string[] => list.map((text) => {
  const [b, e] = range(text, integer);
  if (b === 0 || b < -31 || b > 31) throw new Error(`${b} is not a valid day of the month: out of range`);
  if (e === 0 || e < -31 || e > 31) throw new Error(`${e} is not a valid day of the month: out of range`);
  if (b < 0 && e > 0) throw new Error('end day must be negative if start day is negative');
  if ((b < 0 ? 28 + b : b) > (e < 0 ? 28 + e : e)) throw new Error(`end day ${e} is always before start day ${b}`);
  return joined(String(b), String(e));
});

const canonicalMonths = (list: string[]): string[] => list.map((text) => {
  const [b, e] = range(text, month);
  // timeinterval.go's MonthRange checks only the order; a number outside 1-12 then never matches. We refuse it, as
  // a definition naming month 13 is a mistake (UNVERIFIED whether newer alertmanagers refuse it too).
  if (b < 1 || b > 12 || e < 1 || e > 12) throw new Error(`${text} is not a valid month: out of range`);
  if (b > e) throw new Error(`end month ${MONTHS[e - 1]} is before start month ${MONTHS[b - 1]}`);
  return joined(String(b), String(e));
});

const canonicalYears = (list: string[]): string[] => list.map((text) => {
  const [b, e] = range(text, integer);
  if (b > e) throw new Error(`end year ${e} is before start year ${b}`);
  return joined(String(b), String(e));
});

function canonicalTimes(value: JsonValue | undefined): JsonObject[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('times must be a list of {start_time, end_time}');
  return value.map((entry) => {
    const start = isJsonObject(entry) && typeof entry.start_time === 'string' ? entry.start_time : '';
    const end = isJsonObject(entry) && typeof entry.end_time === 'string' ? entry.end_time : '';
    if (start === '' || end === '') throw new Error('both start and end times must be provided');
    const [s, e] = [parseTime(start), parseTime(end)];
    if (s >= e) throw new Error('start time cannot be equal or greater than end time');
    return { start_time: clock(s), end_time: clock(e) };
  });
}

/**
 * One time interval in the form Grafana returns it; throws an Error with alertmanager's message when Grafana would
 * refuse it. Empty lists are left out, as Go's `omitempty` does.
 */
export function canonicalTimeInterval(interval: JsonValue): JsonObject {
  if (!isJsonObject(interval)) throw new Error('a time interval must be an object');
  const out: JsonObject = {};
  const put = (key: string, list: JsonValue[]) => {
    if (list.length > 0) out[key] = list;
  };
  put('times', canonicalTimes(interval.times));
  put('weekdays', canonicalWeekdays(strings(interval.weekdays, 'weekdays')));
  put('days_of_month', canonicalDays(strings(interval.days_of_month, 'days_of_month')));
  put('months', canonicalMonths(strings(interval.months, 'months')));
  put('years', canonicalYears(strings(interval.years, 'years')));
  if (typeof interval.location === 'string' && interval.location !== '') {
    // time.LoadLocation: an IANA zone name. Node's Intl knows the same database.
    try {
      new Intl.DateTimeFormat('en', { timeZone: interval.location });
    } catch {
      throw new Error(`unknown time zone ${interval.location}`);
    }
    out.location = interval.location;
  }
  return out;
}

/** What Grafana would refuse in a list of time intervals, each message naming the interval by its index. */
export function timeIntervalProblems(intervals: JsonValue | undefined): string[] {
  if (!Array.isArray(intervals)) return ['time_intervals must be a list'];
  return intervals.flatMap((interval, i) => {
    try {
      canonicalTimeInterval(interval);
      return [];
    } catch (error) {
      return [`time_intervals[${i}]: ${(error as Error).message}`];
    }
  });
}
