/** Collects every place an annotation is written, once per analysis, for value-level rules. */
import type { ChartModel, Resource } from '../../model/chart';
import type { AnnotationEntry } from '../../model/model';
import { plainFileView, templateFileView } from '../../model/sourceView';
import type { AnnotationSite } from '../rule';

export function collectAnnotationSites(chart: ChartModel): AnnotationSite[] {
  const sites: AnnotationSite[] = [];
  for (const resource of chart.resources) {
    for (const entry of resource.annotations) {
      sites.push({ entry, file: resource.file.path, text: resource.file.text, view: resource.view, resource, inFlowMapping: inFlowMapping(resource, entry) });
    }
  }
  for (const file of chart.files) {
    if (file.looseArgumentAnnotations.length === 0) continue;
    const view = templateFileView(file);
    for (const entry of file.looseArgumentAnnotations) sites.push({ entry, file: file.path, text: file.text, view, inFlowMapping: false });
  }
  for (const values of chart.valuesFiles) {
    if (values.hookEntries.length === 0) continue;
    const view = plainFileView(values.path, values.text);
    for (const entry of values.hookEntries) sites.push({ entry, file: values.path, text: values.text, view, inFlowMapping: values.flowEntries.includes(entry) });
  }
  return sites;
}

/** Whether one of `resource`'s annotation entries sits in a flow mapping (`{…}`); template arguments are Go strings. */
export function inFlowMapping(resource: Resource, entry: AnnotationEntry): boolean {
  return entry.origin === 'yaml' && resource.doc.metadata?.annotations?.flow === true;
}
