// Starts GOV.UK Frontend's components (the password's show button, the mobile menu). A file of
// its own, not an inline script, so the Content-Security-Policy allows only 'self'.
import { initAll } from "./govuk-frontend.min.js";

initAll();
