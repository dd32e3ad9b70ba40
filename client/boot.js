// Starts the wasm app. A separate file (not an inline script) so the Content-Security-Policy
// can forbid inline scripts.
import init from '/assets/app.js';
init({ module_or_path: '/assets/app_bg.wasm' });
