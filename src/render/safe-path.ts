import { isAbsolute, normalize, sep } from 'node:path';

/** An artifact path must stay inside the output directory: no absolute paths, no `..`. */
export function assertRelativeArtifactPath(path: string): void {
  const normal = normalize(path);
  if (path === '' || isAbsolute(path) || normal.split(sep).includes('..') || normal.split('/').includes('..')) {
    throw new RangeError(`artifact path "${path}" leaves the output directory`);
  }
}
