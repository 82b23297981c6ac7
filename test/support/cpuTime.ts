/**
 * How long a piece of work took in this process's CPU time (user and system, all its threads).
 * Time bounds in tests judge CPU time, not wall time: on a loaded machine a process waits for a
 * core, which adds wall time but no CPU time, while a quadratic loop costs CPU time however idle
 * the machine is.
 */
export function cpuTimeOf<T>(work: () => T): { result: T; ms: number } {
  const before = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}
