/** Sprig's defaults and flow functions: default, empty, coalesce, all, any, ternary. */
import { GoFunction } from '../value';
import { goFunction, isEmpty } from './goValues';

const I = 'interface {}';
export const defaultFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['default', goFunction([I], ([d, ...given]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), { variadic: I, result: I })],
  ['empty', goFunction([I], ([v]) => isEmpty(v), { result: 'bool' })],
  ['coalesce', goFunction([], (args) => args.find((v) => !isEmpty(v)) ?? null, { variadic: I, result: I })],
  ['all', goFunction([], (args) => args.every((v) => !isEmpty(v)), { variadic: I, result: 'bool' })],
  ['any', goFunction([], (args) => args.some((v) => !isEmpty(v)), { variadic: I, result: 'bool' })],
  ['ternary', goFunction([I, I, 'bool'], ([t, f, v]) => (v ? t : f), { result: I })],
]);
