import { describe, expect, it } from '@jest/globals';
import { rewritePanelPage } from './panel-html.js';
import { forbiddenAction } from '../staff/roles.js';

const page = (companyName: string) => `
    <!DOCTYPE html>
    <html lang=en>
    <head>
      <script>
        window.REDUX_STATE = ${JSON.stringify({ branding: { companyName }, locale: { language: 'fr' } })};
        window.THEME = ${JSON.stringify({ name: companyName })};
      </script>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto:300,400,500,700" type="text/css">
    </head>
    <body><script>render()</script></body>
    </html>`;

describe('the panel page rewriting', () => {
  it('serves Roboto itself, puts the nonce on inline scripts and the staff member’s language', () => {
    const html = rewritePanelPage(page('Ville de Baie-Comeau'), 'abc', 'en');
    expect(html).not.toContain('googleapis');
    expect(html).toContain('href="/admin/brand/roboto.css"');
    expect(html.match(/<script nonce="abc">/g)).toHaveLength(2);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('"language":"en"');
  });

  it('keeps a </script> inside the state from closing the script', () => {
    const html = rewritePanelPage(page('</script><script>alert(1)</script>'), 'n', 'fr');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
  });
});

describe('the role matrix on AdminJS routes', () => {
  it('refuses what a role may not do, and anything unknown', () => {
    expect(forbiddenAction('/api/resources/persons/records/1/edit', 'clerk')).toBe(false);
    expect(forbiddenAction('/api/resources/persons/records/1/edit', 'supervisor')).toBe(true);
    expect(forbiddenAction('/api/resources/persons/records/1/delete', 'clerk')).toBe(true);
    expect(forbiddenAction('/api/resources/persons/records/1/delete', 'administrator')).toBe(false);
    expect(forbiddenAction('/api/resources/persons/bulk/bulkDelete', 'administrator')).toBe(true);
    expect(forbiddenAction('/api/resources/staff/actions/list', 'supervisor')).toBe(true);
    expect(forbiddenAction('/api/resources/outbox/actions/list', 'administrator')).toBe(false);
    expect(forbiddenAction('/api/resources/persons/search/trem', 'supervisor')).toBe(false);
    expect(forbiddenAction('/api/resources/nothing/actions/list', 'administrator')).toBe(true);
    expect(forbiddenAction('/resources/audit_log', 'clerk')).toBe(true);
    expect(forbiddenAction('/api/dashboard', 'clerk')).toBe(false);
    expect(forbiddenAction('/api/resources/persons/actions/list', undefined)).toBe(true);
  });
});
