/**
 * The model the rules read: template files, their manifest documents, annotations and the
 * parts of a pod spec hooks care about. Plain data with source spans; it does not know
 * where a file's text came from, so a future renderer can produce the same shapes.
 */
import type { TemplateScan } from '../template/scanner';
import type { SourceFile, Span } from '../types';

/** How YAML reads a value. `templated` means a template action prints part of it. */
export type ValueType = 'string' | 'int' | 'float' | 'bool' | 'null' | 'map' | 'seq' | 'templated';

/** `alias` is a `*name` that reads as its anchor's value; no edit goes through it. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'collection' | 'missing' | 'alias';

export interface ValueInfo {
  readonly type: ValueType;
  /** The string Helm sees for a literal scalar (YAML's reading, turned to text); undefined for collections. */
  readonly value?: string;
  /** Source text of the value, quotes included. */
  readonly source: string;
  /** The whole value node, quotes included. For a missing value, an empty span after the colon. */
  readonly span: Span;
  /** Inside the quotes (equal to `span` for plain scalars). */
  readonly contentSpan: Span;
  readonly style: ScalarStyle;
  /** Whether `source.slice(content)` equals `value` character for character, so token offsets map 1:1. */
  readonly literalMapping: boolean;
}

export type AnnotationOrigin = 'yaml' | 'template-argument' | 'values';

export interface AnnotationEntry {
  readonly key: string;
  readonly keySpan: Span;
  /** The key as written, quotes included. */
  readonly keySource: string;
  readonly value: ValueInfo;
  /** From the start of the key's line to the end of the value's last line, newline included. */
  readonly lineSpan: Span;
  readonly origin: AnnotationOrigin;
}

/** The `annotations:` mapping of some metadata block. */
export interface AnnotationBlock {
  readonly keySpan: Span;
  /** The mapping's span, or where the value would go when it is missing or templated. */
  readonly valueSpan: Span;
  readonly entries: readonly AnnotationEntry[];
  /** Whether a template action adds entries (toYaml, range, include). */
  readonly templated: boolean;
  readonly flow: boolean;
  /** Indentation of the entries (or of the key plus two spaces when there are none). */
  readonly entryIndent: string;
}

export interface MetadataBlock {
  readonly keySpan: Span;
  readonly valueSpan: Span;
  /** Indentation of metadata's own keys. */
  readonly childIndent: string;
  readonly annotations?: AnnotationBlock;
}

export type ReferenceKind = 'ServiceAccount' | 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';

export interface ObjectReference {
  readonly kind: ReferenceKind;
  /** The name as written: literal text or the template source. */
  readonly name: string;
  readonly templated: boolean;
  readonly span: Span;
  /** Where in the pod spec it came from, for messages: `volumes`, `envFrom`, … */
  readonly via: string;
}

export interface PodSpecInfo {
  /** The `spec:` key of the pod spec and its mapping. */
  readonly keySpan: Span;
  readonly valueSpan: Span;
  readonly childIndent: string;
  readonly restartPolicy?: ValueInfo;
  readonly restartPolicyKeySpan?: Span;
  readonly references: readonly ObjectReference[];
  /** `automountServiceAccountToken` when written as a literal boolean; undefined when missing or templated. */
  readonly automountServiceAccountToken?: boolean;
  /** The pod template's metadata (`spec.template.metadata`), when it has one. */
  readonly templateMetadata?: MetadataBlock;
}

export interface ManifestDocument {
  /** Index of the document within its file, counted the way Helm splits (`^---`). */
  readonly index: number;
  readonly span: Span;
  readonly hasTemplateActions: boolean;
  readonly apiVersion?: ValueInfo;
  readonly kind?: ValueInfo;
  readonly name?: ValueInfo;
  readonly namespace?: ValueInfo;
  readonly metadata?: MetadataBlock;
  /** Hook annotations written as `dict`/`set` string arguments inside this document. */
  readonly argumentAnnotations: readonly AnnotationEntry[];
  /** Top-level `spec:` of the object. */
  readonly specKeySpan?: Span;
  readonly spec?: { readonly valueSpan: Span; readonly childIndent: string };
  readonly podSpec?: PodSpecInfo;
  readonly ttlSecondsAfterFinished?: { readonly keySpan: Span; readonly value: ValueInfo };
  /** Service account names bound by a RoleBinding/ClusterRoleBinding. */
  readonly boundServiceAccounts: readonly { readonly name: string; readonly span: Span }[];
  /** A ServiceAccount's top-level `automountServiceAccountToken`, when written as a literal boolean. */
  readonly automountServiceAccountToken?: boolean;
  /** YAML errors in documents without template actions (others may come from masking). */
  readonly yamlErrors: readonly { readonly span: Span; readonly message: string }[];
  /**
   * Whether the masked view of the document parsed without errors. When it did not, what the
   * model read may be incomplete, so no fix inside the document is marked preferred (analyze.ts).
   */
  readonly yamlReadable: boolean;
  /** Why the document's YAML was not parsed at all (too deeply nested, or the parser gave up); its findings come from the template source only. */
  readonly yamlRefused?: 'flow-too-deep' | 'parser-failed';
  /**
   * Spans of the anchored nodes (`&name`) that an alias or a merge key (`<<: *name`) reads again:
   * text that stands for more than one place, so no fix edits it (api/analyze.ts).
   */
  readonly sharedSpans?: readonly Span[];
}

export interface TemplateFile {
  readonly path: string;
  readonly text: string;
  /** Basename starts with `_`: Helm renders it but never treats it as manifests. */
  readonly isPartial: boolean;
  readonly scan: TemplateScan;
  readonly masked: string;
  readonly documents: readonly ManifestDocument[];
  /** `dict`/`set` hook-annotation arguments outside any manifest document (in partials). */
  readonly looseArgumentAnnotations: readonly AnnotationEntry[];
}

export interface ValuesFile {
  readonly path: string;
  readonly text: string;
  /** Every mapping entry whose key looks like a hook annotation key. */
  readonly hookEntries: readonly AnnotationEntry[];
  /** The hook entries written inside a flow mapping (`{…}`), where a comma ends a plain scalar. */
  readonly flowEntries: readonly AnnotationEntry[];
  /** Spans of the anchored nodes an alias or merge key reads again, as `ManifestDocument.sharedSpans`. */
  readonly sharedSpans?: readonly Span[];
}

export type { SourceFile };
