import { chromium, type Browser, type Page } from 'playwright-core';
import type { Gateway } from '../../src/app';
import { startSandboxGateway, type SandboxGateway } from '../harness/sandbox-gateway';
import { bearer } from '../harness/api-keys';
import { GraphQLTestClient } from '../harness/graphql-client';
import { registerHlLine } from '../harness/hl-fixtures';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEV_KEY = 'dev-key-ide-test-3f9a1c7e5b';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

jest.setTimeout(60_000);

/**
 * The IDEs in a real browser against a gateway in sandbox mode (no vendor credentials, in-process
 * simulators, the dev key): every request the page makes is recorded, and any to a host other
 * than this machine is aborted and fails the test.
 */
describe('the IDE in a browser, in sandbox mode', () => {
  let sandbox: SandboxGateway;
  let gateway: Gateway;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await startSandboxGateway({ NODE_ENV: 'development', DEV_API_KEY: DEV_KEY, SANDBOX_PROCESSING_MS: '0' });
    gateway = sandbox.gateway;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  interface OpenPage {
    page: Page;
    /** Every URL the page asked for. */
    requested: string[];
    /** Those on another host, aborted. */
    foreign: string[];
    /** The status of every answer from /graphql. */
    graphqlStatuses: number[];
  }

  /** Runs `use` with a fresh page (no stored GraphiQL state) whose requests to other hosts are aborted and listed. */
  async function withPage(use: (opened: OpenPage) => Promise<void>): Promise<void> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    const foreign: string[] = [];
    const graphqlStatuses: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/graphql') graphqlStatuses.push(response.status());
    });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:') return route.continue();
      requested.push(url.href);
      if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
      foreign.push(url.href);
      return route.abort('blockedbyclient');
    });
    try {
      await use({ page, requested, foreign, graphqlStatuses });
    } finally {
      await context.close();
    }
  }

  /** Runs the operation in the editor with the run button and returns the result pane's text once it has an answer. */
  async function runAndReadResult(page: Page): Promise<string> {
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: /"data"|"errors"/ }).waitFor({ timeout: 15_000 });
    return (await page.locator('.result-window').textContent()) ?? '';
  }

  it('GraphiQL at /graphiql: the dev key and an example pre-filled, the example answered, nothing fetched from elsewhere', async () => {
    await withPage(async ({ page, requested, foreign, graphqlStatuses }) => {
      await page.goto(`${gateway.url}/graphiql`);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      expect(await page.locator('.graphiql-query-editor').textContent()).toContain('vendorHealth');
      // The headers tab is open, with the dev key.
      expect(await page.locator('.graphiql-editor-tool').textContent()).toContain(`Bearer ${DEV_KEY}`);

      const result = await runAndReadResult(page);
      expect(result).toContain('"vendorHealth"');
      expect(result).toContain('"vendor": "HL_CONNECT"');
      expect(result).toContain('"healthy": true');
      expect(result).not.toContain('"errors"');

      expect(foreign).toEqual([]);
      // The page, its two files, and GraphQL (the schema for the editor, then the operation).
      expect(new Set(requested.map((url) => new URL(url).pathname))).toEqual(new Set(['/graphiql', '/ide/graphiql.js', '/ide/graphiql.css', '/graphql']));
      // The schema too was fetched with the key (the editor's docs and completion need it): no 401 on the way.
      expect(graphqlStatuses.length).toBeGreaterThanOrEqual(2);
      expect(graphqlStatuses.every((status) => status === 200)).toBe(true);
    });
  });

  it('a query typed into GraphiQL runs with the pre-filled key', async () => {
    await withPage(async ({ page, foreign }) => {
      await page.goto(`${gateway.url}/graphiql`);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      await page.locator('.graphiql-query-editor .CodeMirror').click();
      await page.keyboard.press('Control+A');
      // Text input, not key presses: CodeMirror would close each bracket typed.
      await page.keyboard.insertText('query Typed { __typename }');
      // GraphiQL names the tab after the operation once it has read the new text.
      await page.locator('.graphiql-tab', { hasText: 'Typed' }).waitFor();
      expect(await runAndReadResult(page)).toContain('"__typename": "Query"');
      expect(foreign).toEqual([]);
    });
  });

  it('a subscription typed into GraphiQL runs over WebSocket with the pre-filled key, to its end', async () => {
    await registerHlLine(new GraphQLTestClient(gateway.url, bearer(DEV_KEY)), { orderNumber: 7601, orderLineId: 1 });
    await withPage(async ({ page, foreign }) => {
      await page.goto(`${gateway.url}/graphiql`);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      await page.locator('.graphiql-query-editor .CodeMirror').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('subscription Fulfilment { orderUpdated(orderId: 7601) { orderId status } }');
      await page.locator('.graphiql-tab', { hasText: 'Fulfilment' }).waitFor();
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.result-window', { hasText: '"COMPLETED"' }).waitFor({ timeout: 15_000 });
      expect(await page.locator('.result-window').textContent()).toContain('"orderId": 7601');
      expect(foreign).toEqual([]);
    });
  });

  it('Apollo Sandbox at /graphql goes to the local GraphiQL when Apollo’s CDN cannot be reached', async () => {
    await withPage(async ({ page, foreign }) => {
      await page.goto(`${gateway.url}/graphql`);
      await page.waitForURL(`${gateway.url}/graphiql`);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      expect(await runAndReadResult(page)).toContain('"vendorHealth"');
      // What was refused is Apollo's CDN, which the Sandbox page loads (fonts included).
      expect(foreign.length).toBeGreaterThan(0);
      for (const url of foreign) expect(new URL(url).hostname).toMatch(/(^|\.)apollographql\.com$|^fonts\.googleapis\.com$/);
    });
  });

  it('the dev key is never logged', () => {
    expect(sandbox.logs.lines.length).toBeGreaterThan(0);
    expect(sandbox.logs.text).not.toContain(DEV_KEY);
  });
});
