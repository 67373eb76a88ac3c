// The hostile-input corpus: every case runs the real CLI in its own HOME, seeded with a
// credentials file holding comments, an unknown key, an API key and OAuth tokens, and
// asserts the message, the exit code, and that every byte and mode under HOME is unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeProvider, type FakeProviderServer } from '../fakes/provider-server.js';
import { ARGUMENT_CASES } from './cases-arguments.js';
import { FILE_CASES } from './cases-files.js';
import { OAUTH_CASES } from './cases-oauth.js';
import { URL_CASES } from './cases-urls.js';
import { runHostileCase, whyNobodyCannotRun, type HostileCase } from './harness.js';

const SUITES: Array<[string, HostileCase[]]> = [
  ['arguments and secrets', ARGUMENT_CASES],
  ['unsafe URL overrides', URL_CASES],
  ['pasted codes, callbacks and token answers', OAUTH_CASES],
  ['hostile files', FILE_CASES],
];

// Root reads any file, so "unreadable" is checked as nobody, who must be able to run the CLI.
const nobodyProblem = whyNobodyCannotRun();

describe('hostile input corpus', () => {
  // One fake provider with no routes: no hostile case may reach a provider at all.
  let provider: FakeProviderServer;
  before(async () => {
    provider = await startFakeProvider();
  });
  after(async () => {
    await provider.close();
    assert.deepEqual(provider.requests, [], 'a hostile case reached the provider');
  });

  it('holds at least 40 cases, each with its own name', () => {
    const names = SUITES.flatMap(([, cases]) => cases.map((c) => c.name));
    assert.ok(names.length >= 40, `${names.length} cases`);
    assert.equal(new Set(names).size, names.length, 'two cases share a name');
  });

  for (const [title, cases] of SUITES) {
    // Each case has its own HOME and fake OAuth server, so a few run at once.
    describe(title, { concurrency: 4 }, () => {
      for (const c of cases) {
        const skip = c.asNobody ? nobodyProblem : undefined;
        it(c.name, { skip }, () => runHostileCase(c, provider));
      }
    });
  }
});
