// Ends the run with one plain line, "N passed, N failed", that CI tooling reads in any language.
// Written at exit, so that it comes after Jest's own summary.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    process.once('exit', () =>
      process.stderr.write(`${skipped > 0 ? `${line}, ${skipped} skipped` : line}\n`),
    );
  }
}
module.exports = SummaryReporter;
