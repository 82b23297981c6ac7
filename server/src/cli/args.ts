/**
 * Command-line parsing for `helm-hooks`: turns argv into a command or a usage error.
 * Knows option names and the severity words, nothing about Helm.
 */
import { helmVersions, severitySettings, type HelmVersion, type SeveritySetting } from '../analysis';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

/** `check --profiles`: which values profiles each rendered chart is judged under. */
export type ProfilesMode = 'auto' | 'none';

/** The lowest severity that makes `check` exit 1 (`--fail-on`); hints never do. */
export type FailOn = 'error' | 'warning' | 'information';

export interface CheckCommand extends RenderFlags {
  readonly command: 'check';
  /** `--no-render`: read the templates as written instead of rendering each chart with the values flags. */
  readonly noRender: boolean;
  /** `--profiles`: `auto` judges each chart also under each `ci/*-values.yaml` (values profiles); `none` only under its default values. */
  readonly profiles: ProfilesMode;
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly fix: boolean;
  /** Exit 0 instead of 1 when error findings remain; usage and read problems still exit 2. */
  readonly exitZero: boolean;
  readonly ruleSettings: Readonly<Record<string, SeveritySetting>>;
  /** `--config FILE`, or false for `--no-config`; undefined: search `.helm-hooks.yaml` from each chart upward. */
  readonly configFile?: string | false;
  /** Report only error findings (`--quiet`). */
  readonly quiet: boolean;
  /** Exit 1 when more warning findings than this remain (`--max-warnings`). */
  readonly maxWarnings?: number;
  readonly failOn: FailOn;
  /** Write the report to this file instead of stdout (`--output`). */
  readonly output?: string;
  /** `--stdin --stdin-filename PATH`: one template's text from stdin, judged as if it were at PATH. */
  readonly stdinFilename?: string;
  /** Print what `--fix` would change as a unified diff, changing nothing (`--diff`). */
  readonly diff: boolean;
  /** Fix (or diff) only these rules' findings (`--fix-rule`); empty means every rule. */
  readonly fixRules: readonly string[];
  /** `--helm-version`: whose behaviour messages describe where Helm 3 and 4 differ. */
  readonly helmVersion: HelmVersion;
}

/** `check --list-rules` and `check --explain RULE`: the catalogue, no chart read. */
export interface RulesCommand {
  readonly command: 'rules';
  /** The rule to explain; absent lists every rule. */
  readonly explain?: string;
}

/** The flags of `helm template` that choose values and the release; `template` and `plan` share them. */
export interface RenderFlags {
  /** `-f`/`--values` files, in order. */
  readonly valueFiles: readonly string[];
  readonly set: readonly string[];
  readonly setString: readonly string[];
  readonly setJson: readonly string[];
  readonly setLiteral: readonly string[];
  readonly releaseName: string;
  readonly namespace: string;
  readonly isUpgrade: boolean;
}

export interface PlanCommand extends RenderFlags {
  readonly command: 'plan';
  readonly chart: string;
  readonly format: 'text' | 'json';
  /** Read the templates as written instead of rendering them. */
  readonly noRender: boolean;
  /** `--profile NAME`: the plan under this values profile (`ci/ha-values.yaml`) instead of the default values. */
  readonly profile?: string;
}

/** `helm-hooks template`: what `helm template` prints for these flags. */
export interface TemplateCommand extends RenderFlags {
  readonly command: 'template';
  readonly chart: string;
  readonly showOnly: readonly string[];
}

export type Command = CheckCommand | RulesCommand | PlanCommand | TemplateCommand | { readonly command: 'help' } | { readonly command: 'version' };

export type ParseResult = { readonly ok: true; readonly value: Command } | { readonly ok: false; readonly error: string };

export interface ParseOptions {
  /** Rule ids that `--rule` may name. */
  readonly ruleIds: ReadonlySet<string>;
}

export function usage(): string {
  const lines = [
    'Usage:',
    '  helm-hooks check [options] PATH...          check Helm hook annotations',
    '  helm-hooks plan [options] CHART              show the order Helm runs the chart\'s hooks in',
    '  helm-hooks template [options] [NAME] CHART  print what `helm template NAME CHART` prints (NAME: release-name)',
    '  helm-hooks --help | --version',
    '',
    'PATH is a chart folder, a folder holding charts (searched recursively), or one template file.',
    '',
    'Options for check:',
    '  --format text|json|sarif|github   output format (default: text; github: workflow commands that annotate a pull request)',
    '  --fix                      apply every safe (preferred) fix in place, then report what remains',
    '  --fix-rule ID              apply only this rule\'s fixes (repeatable; implies --fix unless --diff is given)',
    '  --diff                     print what --fix would change as a unified diff and change nothing (exit 1 when there is a change)',
    `  --rule ID=SEVERITY         set a rule's severity: ${severitySettings.join('|')} (repeatable)`,
    '  --quiet                    report error findings only',
    '  --fail-on error|warning|information   the lowest severity that makes the exit status 1 (default: error)',
    '  --max-warnings N           exit 1 also when more than N warning findings remain',
    '  --exit-zero                exit 0 even when findings remain (exit 2 still means a usage or read problem)',
    '  --config FILE              read rule severities and ignored paths from FILE (default: the nearest',
    '                             .helm-hooks.yaml from each chart up to the git root); --rule wins over it',
    '  --no-config                read no .helm-hooks.yaml',
    '  --output FILE              write the report to FILE (replaced whole, never half-written) instead of stdout',
    '  --stdin --stdin-filename PATH   check the template text read from stdin as if it were the file PATH of its chart',
    '  --helm-version 3|4         describe Helm 3 or Helm 4 (default) behaviour where they differ',
    '  --no-render                read the templates as written instead of rendering each chart',
    '  and the values options below. Each chart is rendered with those values, and the rules that judge',
    '  what Helm runs judge the rendered documents, each finding at the line to change; when a chart',
    '  cannot be rendered (Helm would fail), it is read as written and one line on stderr says why.',
    '  --profiles auto|none       values profiles (default: auto): each chart is judged under its default values',
    '                             and under each ci/*-values.yaml (chart-testing\'s files), each applied as one',
    '                             more -f after the -f files above; a finding that holds in some profiles only',
    '                             names them (json and sarif always list them). none: the default values only',
    '  --list-rules               list the rules with their default severity and summary',
    '  --explain ID               print a rule\'s documentation',
    '',
    'Text output groups findings by file and colours them when stdout is a terminal; it never colours',
    'anything else. On a terminal, NO_COLOR (non-empty) turns colour off and FORCE_COLOR turns it on',
    '(FORCE_COLOR=0 off). Each rule found is listed with a link to its section of the shipped docs/rules.md.',
    'SARIF and github output name files relative to the root of the git work tree holding the current',
    'folder (the current folder when there is none); SARIF gives that root as %SRCROOT%.',
    '',
    'Options for plan:',
    '  --format text|json         output format (default: text)',
    '  --no-render                read the templates as written instead of rendering them',
    '  and the values options below. The plan lists the hooks the chart renders with those values;',
    '  when it cannot be rendered (Helm would fail), it says why and reads the templates as written.',
    '  --profile NAME             the plan under a values profile (ci/ha-values.yaml: that file as one more -f)',
    '',
    'Values options of check, template and plan (as helm template has them):',
    '  -f, --values FILE          a values file (repeatable, later files win)',
    '  --set K=V, --set-string K=V, --set-json K=JSON, --set-literal K=V   values from the command line (repeatable)',
    '  --release-name NAME        the release name (default: release-name; template also takes it as NAME)',
    '  -n, --namespace NS         the release namespace (default: default)',
    '  --is-upgrade               render as an upgrade (.Release.IsUpgrade)',
    'Options for template only:',
    '  -s, --show-only PATH       print only documents from templates matching PATH (repeatable)',
    '',
    'Exit status: 0 no finding at or above --fail-on, 1 such findings (or more warnings than --max-warnings),',
    '2 bad usage or unreadable input.',
    'template: 0 rendered, 1 Helm would fail (its message is printed after "Error:"), 2 bad usage or unreadable input.',
  ];
  return lines.join('\n') + '\n';
}

export function parseArgs(argv: readonly string[], options: ParseOptions): ParseResult {
  if (argv.length === 0) return fail('missing command');
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return { ok: true, value: { command: 'help' } };
  if (first === '--version' || first === '-v') return { ok: true, value: { command: 'version' } };
  if (rest.includes('--help') || rest.includes('-h')) return { ok: true, value: { command: 'help' } };
  if (first === 'check') return parseCheck(rest, options);
  if (first === 'plan') return parsePlan(rest);
  if (first === 'template') return parseTemplate(rest);
  return fail(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
}

/** The options of check that take no value. */
const checkFlags = new Set(['--fix', '--exit-zero', '--quiet', '--diff', '--stdin', '--list-rules', '--no-config', '--no-render']);

function parseCheck(argv: readonly string[], options: ParseOptions): ParseResult {
  const paths: string[] = [];
  const ruleSettings: Record<string, SeveritySetting> = {};
  const fixRules: string[] = [];
  let format: OutputFormat = 'text';
  /** The options that take no value, by name, once seen. */
  const flags = new Set<string>();
  let failOn: FailOn = 'error';
  let maxWarnings: number | undefined;
  let output: string | undefined;
  let stdinFilename: string | undefined;
  let explain: string | undefined;
  let configFile: string | false | undefined;
  let helmVersion: HelmVersion = '4';
  let profiles: ProfilesMode = 'auto';
  const renderFlags = new RenderFlagReader();
  const args = new ArgReader(argv);
  for (let arg = args.next(); arg !== undefined; arg = args.next()) {
    if (args.afterDoubleDash || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const { name, inline } = splitOption(arg);
    if (checkFlags.has(name)) {
      if (inline !== undefined) return fail(`${name} takes no value, not '${inline}'`);
      flags.add(name);
      if (name === '--no-config') configFile = false;
    } else if (name === '--config') {
      const value = inline ?? args.next();
      if (value === undefined || value === '') return fail('--config needs a FILE');
      configFile = value;
    } else if (name === '--format') {
      const value = inline ?? args.next();
      if (value !== 'text' && value !== 'json' && value !== 'sarif' && value !== 'github') return fail(`--format must be text, json, sarif or github${value === undefined ? '' : `, not '${value}'`}`);
      format = value;
    } else if (name === '--rule') {
      const value = inline ?? args.next();
      const parsed = parseRuleSetting(value, options.ruleIds);
      if (typeof parsed === 'string') return fail(parsed);
      ruleSettings[parsed.id] = parsed.severity;
    } else if (name === '--fail-on') {
      const value = inline ?? args.next();
      if (value !== 'error' && value !== 'warning' && value !== 'information') return fail(`--fail-on must be error, warning or information${value === undefined ? '' : `, not '${value}'`}`);
      failOn = value;
    } else if (name === '--max-warnings') {
      const value = inline ?? args.next();
      if (value === undefined || !/^\d{1,9}$/.test(value)) return fail(`--max-warnings needs a whole number of warnings (0 or more)${value === undefined ? '' : `, not '${value}'`}`);
      maxWarnings = Number(value);
    } else if (name === '--output' || name === '--stdin-filename') {
      const value = inline ?? args.next();
      if (value === undefined || value === '') return fail(`${name} needs a file path`);
      if (name === '--output') output = value;
      else stdinFilename = value;
    } else if (name === '--fix-rule' || name === '--explain') {
      const value = inline ?? args.next();
      if (value === undefined) return fail(`${name} needs a rule id`);
      if (!options.ruleIds.has(value)) return fail(`unknown rule '${value}' in ${name} (known rules: ${[...options.ruleIds].sort().join(', ')})`);
      if (name === '--fix-rule') fixRules.push(value);
      else explain = value;
    } else if (name === '--helm-version') {
      const value = inline ?? args.next();
      if (!(helmVersions as readonly (string | undefined)[]).includes(value)) return fail(`--helm-version must be 3 or 4${value === undefined ? '' : `, not '${value}'`}`);
      helmVersion = value as HelmVersion;
    } else if (name === '--profiles') {
      const value = inline ?? args.next();
      if (value !== 'auto' && value !== 'none') return fail(`--profiles must be auto or none${value === undefined ? '' : `, not '${value}'`}`);
      profiles = value;
    } else {
      const read = renderFlags.read(name, inline, args);
      if (read === 'unknown') return fail(`unknown option '${name}'`);
      if (read !== 'read') return fail(read);
    }
  }
  const [fix, exitZero, quiet, diff, stdin, listRules] = ['--fix', '--exit-zero', '--quiet', '--diff', '--stdin', '--list-rules'].map((flag) => flags.has(flag));
  if (listRules || explain !== undefined) {
    if (listRules && explain !== undefined) return fail('--list-rules and --explain cannot be combined');
    if (paths.length > 0) return fail(`${listRules ? '--list-rules' : '--explain'} reads no PATH, got '${paths[0]}'`);
    return { ok: true, value: { command: 'rules', ...(explain !== undefined ? { explain } : {}) } };
  }
  if (stdin !== (stdinFilename !== undefined)) return fail(stdin ? '--stdin needs --stdin-filename PATH (where the text would be in its chart)' : '--stdin-filename needs --stdin');
  if (stdin && paths.length > 0) return fail(`--stdin reads no PATH, got '${paths[0]}'`);
  if (!stdin && paths.length === 0) return fail('check needs at least one PATH');
  if (diff && fix) return fail('--diff and --fix cannot be combined: --diff changes nothing');
  if (stdin && (fix || (fixRules.length > 0 && !diff))) return fail('--fix cannot write to stdin; use --diff to see the changes');
  if (diff && format !== 'text') return fail(`--diff prints a unified diff, not --format ${format}`);
  return {
    ok: true,
    value: {
      command: 'check',
      paths,
      format,
      fix: !diff && (fix || fixRules.length > 0),
      exitZero,
      ruleSettings,
      quiet,
      ...(maxWarnings !== undefined ? { maxWarnings } : {}),
      failOn,
      ...(output !== undefined ? { output } : {}),
      ...(stdinFilename !== undefined ? { stdinFilename } : {}),
      diff,
      fixRules,
      helmVersion,
      ...(configFile === undefined ? {} : { configFile }),
      noRender: flags.has('--no-render'),
      profiles,
      ...renderFlags.flags(),
    },
  };
}

/**
 * The argument loop of the commands that render (`plan`, `template`): positional arguments, the
 * command's own options (`own` returns undefined when it took the option, else a usage error or
 * 'unknown'), then the values and release flags.
 */
function readRenderArgs(
  argv: readonly string[],
  command: string,
  own: (name: string, inline: string | undefined, args: ArgReader) => string | undefined,
): { positional: string[]; flags: RenderFlagReader } | { error: string } {
  const positional: string[] = [];
  const flags = new RenderFlagReader();
  const args = new ArgReader(argv);
  for (let arg = args.next(); arg !== undefined; arg = args.next()) {
    if (args.afterDoubleDash || !arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const { name, inline } = splitOption(arg);
    const mine = own(name, inline, args);
    if (mine === undefined) continue;
    if (mine !== 'unknown') return { error: mine };
    const read = flags.read(name, inline, args);
    if (read === 'unknown') return { error: `unknown option '${name}' for ${command}` };
    if (read !== 'read') return { error: read };
  }
  return { positional, flags };
}

function parsePlan(argv: readonly string[]): ParseResult {
  let format: 'text' | 'json' = 'text';
  let noRender = false;
  let profile: string | undefined;
  const read = readRenderArgs(argv, 'plan', (name, inline, args) => {
    if (name === '--no-render') {
      noRender = true;
      return undefined;
    }
    if (name === '--profile') {
      const value = inline ?? args.next();
      if (value === undefined || value === '') return '--profile needs a profile NAME (default, or a ci/*-values.yaml path)';
      profile = value;
      return undefined;
    }
    if (name !== '--format') return 'unknown';
    const value = inline ?? args.next();
    if (value !== 'text' && value !== 'json') return `plan --format must be text or json${value === undefined ? '' : `, not '${value}'`}`;
    format = value;
    return undefined;
  });
  if ('error' in read) return fail(read.error);
  const { positional: charts, flags } = read;
  if (charts.length !== 1) return fail(`plan needs exactly one CHART folder, got ${charts.length}`);
  if (profile !== undefined && noRender) return fail('--profile renders the chart with that profile: it cannot be combined with --no-render');
  return { ok: true, value: { command: 'plan', chart: charts[0], format, noRender, ...(profile !== undefined ? { profile } : {}), ...flags.flags() } };
}

function parseTemplate(argv: readonly string[]): ParseResult {
  const showOnly: string[] = [];
  const read = readRenderArgs(argv, 'template', (name, inline, args) => {
    if (name !== '-s' && name !== '--show-only') return 'unknown';
    const value = inline ?? args.next();
    if (value === undefined) return `${name} needs a value`;
    showOnly.push(value);
    return undefined;
  });
  if ('error' in read) return fail(read.error);
  const { positional: charts, flags } = read;
  // As `helm template [NAME] CHART`: with two arguments the first is the release name.
  if (charts.length === 2) {
    if (flags.releaseNameGiven) return fail(`template got the release name twice: '${charts[0]}' and --release-name`);
    return { ok: true, value: { command: 'template', chart: charts[1], showOnly, ...flags.flags(), releaseName: charts[0] } };
  }
  if (charts.length !== 1) return fail(charts.length === 0 ? 'template needs exactly one CHART folder, got 0' : `template takes [NAME] CHART, got ${charts.length} arguments`);
  return { ok: true, value: { command: 'template', chart: charts[0], showOnly, ...flags.flags() } };
}

/** The one reader of the values and release flags, shared by every command that renders. */
class RenderFlagReader {
  private readonly lists = { valueFiles: [] as string[], set: [] as string[], setString: [] as string[], setJson: [] as string[], setLiteral: [] as string[] };
  private releaseName = 'release-name';
  /** Whether --release-name was given (template also takes the name as its first argument). */
  releaseNameGiven = false;
  private namespace = 'default';
  private isUpgrade = false;
  private static readonly listOptions: Readonly<Record<string, 'valueFiles' | 'set' | 'setString' | 'setJson' | 'setLiteral'>> = {
    '-f': 'valueFiles',
    '--values': 'valueFiles',
    '--set': 'set',
    '--set-string': 'setString',
    '--set-json': 'setJson',
    '--set-literal': 'setLiteral',
  };

  /** Reads option `name` (its value inline or next): `read`, `unknown` (not a values or release flag), or the usage error. */
  read(name: string, inline: string | undefined, args: ArgReader): 'read' | 'unknown' | string {
    if (name === '--is-upgrade') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') return `--is-upgrade takes no value, or true or false, not '${inline}'`;
      this.isUpgrade = inline !== 'false';
      return 'read';
    }
    const list = RenderFlagReader.listOptions[name];
    if (list === undefined && name !== '--release-name' && name !== '--namespace' && name !== '-n') return 'unknown';
    const value = inline ?? args.next();
    if (value === undefined) return `${name} needs a value`;
    if (list !== undefined) this.lists[list].push(value);
    else if (name === '--release-name') {
      this.releaseName = value;
      this.releaseNameGiven = true;
    }
    else this.namespace = value;
    return 'read';
  }

  flags(): RenderFlags {
    return { ...this.lists, releaseName: this.releaseName, namespace: this.namespace, isUpgrade: this.isUpgrade };
  }
}

function parseRuleSetting(value: string | undefined, ruleIds: ReadonlySet<string>): { id: string; severity: SeveritySetting } | string {
  if (value === undefined) return '--rule needs ID=SEVERITY';
  const equals = value.indexOf('=');
  if (equals <= 0) return `--rule needs ID=SEVERITY, got '${value}'`;
  const id = value.slice(0, equals);
  const severity = value.slice(equals + 1);
  if (!ruleIds.has(id)) return `unknown rule '${id}' in --rule (known rules: ${[...ruleIds].sort().join(', ')})`;
  if (!(severitySettings as readonly string[]).includes(severity)) return `--rule ${id}: severity must be one of ${severitySettings.join('|')}, not '${severity}'`;
  return { id, severity: severity as SeveritySetting };
}

function splitOption(arg: string): { name: string; inline?: string } {
  const equals = arg.indexOf('=');
  return equals > 0 ? { name: arg.slice(0, equals), inline: arg.slice(equals + 1) } : { name: arg };
}

function fail(error: string): ParseResult {
  return { ok: false, error };
}

/** Walks argv, noting when a `--` has ended the options. */
class ArgReader {
  private index = 0;
  afterDoubleDash = false;

  constructor(private readonly argv: readonly string[]) {}

  next(): string | undefined {
    const arg = this.argv[this.index++];
    if (arg === '--' && !this.afterDoubleDash) {
      this.afterDoubleDash = true;
      return this.next();
    }
    return arg;
  }
}
