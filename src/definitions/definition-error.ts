import { InvalidDefinitionsError } from '../errors.js';

/** A definition the helpers cannot turn into a dashboard; `where` reads outermost first, like validation issues. */
export function definitionError(where: readonly string[], message: string, hint: string): InvalidDefinitionsError {
  const line = `${where.join(' > ')}: ${message}`;
  return new InvalidDefinitionsError(line, [line], hint);
}
