// Loaded before every test file (bunfig.toml). Nothing global is set up here on purpose:
// each test file opens its own database, so files never share state.
process.env.TZ = 'UTC';
