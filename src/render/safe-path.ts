import { isAbsolute, normalize, sep } from 'node:path';

/** An artifact path must stay inside the output directory: no absolute paths, no `..`. */
export function assertRelativeArtifactPath(path: string): void {
  const normalised = normalize(path);
  if (path === '' || isAbsolute(path) || normalised.split(sep).includes('..') || normalised.split('/').includes('..')) {
    throw new RangeError(`artifact path "${path}" leaves the output directory`);
  }
}
