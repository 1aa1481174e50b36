import type { ProjectDefinition } from '../model/index.js';
import { uidProblem } from './grafana-uid.js';
import { finding, place, type Finding } from './place.js';
import { where } from './where.js';

/** Folder and datasource rules: valid unique uids, and a nested folder's parent exists in the project. */
export function checkFoldersAndDatasources(project: ProjectDefinition): Finding[] {
  const issues: Finding[] = [];
  const folderUids = new Set<string>();
  for (const folder of (project.folders ?? [])) {
    const at = place.of(where.folder(folder.uid));
    const problem = uidProblem(folder.uid);
    if (problem) issues.push(finding(at, 'folder-uid', problem));
    else if (folderUids.has(folder.uid)) issues.push(finding(at, 'folder-uid', 'is declared twice'));
    folderUids.add(folder.uid);
    if (!folder.title.trim()) issues.push(finding(at, 'folder-title', 'has no title'));
  }
  for (const folder of (project.folders ?? [])) {
    if (folder.parentUid !== undefined && !folderUids.has(folder.parentUid)) {
      issues.push(finding(place.of(where.folder(folder.uid)), 'folder-ref', `parentUid "${folder.parentUid}" is not one of the project's folders`));
    }
  }
  const datasourceUids = new Set<string>();
  for (const datasource of (project.datasources ?? [])) {
    const at = place.of(where.datasource(datasource.uid));
    const problem = uidProblem(datasource.uid);
    if (problem) issues.push(finding(at, 'datasource-uid', problem));
    else if (datasourceUids.has(datasource.uid)) issues.push(finding(at, 'datasource-uid', 'is declared twice'));
    datasourceUids.add(datasource.uid);
  }
  return issues;
}
