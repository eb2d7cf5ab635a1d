import type { ConsolePage } from '../console-page.js';
import { campaignsPage } from './campaigns.js';
import { casesPage } from './cases.js';
import { declarationsPage } from './declarations.js';
import { inboxPage } from './inbox.js';
import { monitoringPage } from './monitoring.js';
import { overviewPage } from './overview.js';
import { reliefPage } from './relief.js';
import { vaccinationPage } from './vaccination.js';
import { venuesPage } from './venues.js';

// Adding a page to the console:
//  1. dashboard/pages/<name>.ts exports a ConsolePage: slug (its URL /console/<slug>), titleKey ("pages.<name>"),
//     the roles that may open it, body(ctx) built with the `html` tag (../html.js escapes every value), optional
//     data(ctx) for server-side facts its script needs, and script: '<name>.js'.
//  2. dashboard/assets/<name>.js is its client module: `import { api, t, pageData, el, renderTable } from
//     './console.js'` and fill the body from /api/v1 (the session cookie and CSRF header are handled by api()).
//  3. Texts in locales/vi/console.json and locales/en/console.json (same keys): pages.<name> and <name>.*.
//  4. One line in the list below; the nav follows this order, filtered by role, and /console opens the first.
export const consolePages: readonly ConsolePage[] = [
  overviewPage,
  declarationsPage,
  monitoringPage,
  campaignsPage,
  inboxPage,
  casesPage,
  venuesPage,
  vaccinationPage,
  reliefPage,
];
