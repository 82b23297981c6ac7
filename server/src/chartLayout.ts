/**
 * Where a chart keeps the files the server reads, in one place: the server's place-finding,
 * its file watchers and the client's document selector all come from here. Paths are
 * chart-relative with `/`; a subchart unpacked under `charts/<name>/` has the same layout.
 * Imports nothing, so the client bundle can take it without the server.
 */

/** Globs for documents and files anywhere in a workspace. */
export const chartGlobs = {
  chartYaml: '**/Chart.yaml',
  templates: '**/templates/**',
  values: '**/values*.yaml',
} as const;

/** A template of the chart or of a subchart (`templates/job.yaml`, `charts/db/templates/_helpers.tpl`). */
export const templatePath = /^(charts\/[^/]+\/)*templates\//;

/** A values file of the chart or of a subchart (`values.yaml`, `values-prod.yaml`, `charts/db/values.yaml`). */
export const valuesPath = /^(charts\/[^/]+\/)*values[^/]*\.ya?ml$/;

