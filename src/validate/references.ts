import type { Issue, ProjectDefinition } from '../model/index.js';
import { uidProblem } from './grafana-uid.js';
import { where } from './where.js';

/** Folder and datasource rules: valid unique uids, and a nested folder's parent exists in the project. */
export function checkFoldersAndDatasources(project: ProjectDefinition): Issue[] {
  const issues: Issue[] = [];
  const folderUids = new Set<string>();
  for (const folder of (project.folders ?? [])) {
    const at = [where.folder(folder.uid)];
    const problem = uidProblem(folder.uid);
    if (problem) issues.push({ where: at, message: problem, rule: 'folder-uid' });
    else if (folderUids.has(folder.uid)) issues.push({ where: at, message: 'is declared twice', rule: 'folder-uid' });
    folderUids.add(folder.uid);
    if (!folder.title.trim()) issues.push({ where: at, message: 'has no title', rule: 'folder-title' });
  }
  for (const folder of (project.folders ?? [])) {
    if (folder.parentUid !== undefined && !folderUids.has(folder.parentUid)) {
      issues.push({ where: [where.folder(folder.uid)], message: `parentUid "${folder.parentUid}" is not one of the project's folders`, rule: 'folder-ref' });
    }
  }
  const datasourceUids = new Set<string>();
  for (const datasource of (project.datasources ?? [])) {
    const at = [where.datasource(datasource.uid)];
    const problem = uidProblem(datasource.uid);
    if (problem) issues.push({ where: at, message: problem, rule: 'datasource-uid' });
    else if (datasourceUids.has(datasource.uid)) issues.push({ where: at, message: 'is declared twice', rule: 'datasource-uid' });
    datasourceUids.add(datasource.uid);
  }
  return issues;
}
