// Run one of the e2e/*.py helpers through the bench's Python, as the bench's owner (runuser when
// the specs run as root), and read the KEY=value pairs it prints on its last line.
//
//   MOEEN_BENCH  the frappe-bench folder (default /home/frappe/frappe-bench); the helpers are
//                taken from its apps/moeen_helpdesk/e2e (scripts/run-tests copies this checkout there)
//   MOEEN_SITE   the test site (default moeen-test.localhost)
import { execFileSync } from "node:child_process";
import path from "node:path";

export const BENCH = process.env.MOEEN_BENCH || "/home/frappe/frappe-bench";
export const SITE = process.env.MOEEN_SITE || "moeen-test.localhost";

/** Run e2e/<script> with --site and ``args``; returns {output, values} (values: the last line's KEY=value pairs). */
export function runBenchScript(script, args = []) {
  const python = path.join(BENCH, "env", "bin", "python");
  const file = path.join(BENCH, "apps", "moeen_helpdesk", "e2e", script);
  const owner = execFileSync("stat", ["-c", "%U", BENCH], { encoding: "utf8" }).trim();
  const all = [file, "--site", SITE, ...args];
  const [cmd, cmdArgs] = process.getuid && process.getuid() === 0 && owner !== "root"
    ? ["runuser", ["-u", owner, "--", python, ...all]]
    : [python, all];
  let output;
  try {
    output = execFileSync(cmd, cmdArgs, { cwd: BENCH, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`${script} ${args.join(" ")} failed (exit ${e.status}):\n${e.stdout || ""}\n${e.stderr || ""}`);
  }
  const last = output.trim().split("\n").pop() || "";
  const values = Object.fromEntries(
    last.split(/\s+/).filter((w) => w.includes("=")).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]),
  );
  return { output, values };
}
