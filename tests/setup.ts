// Jest runs many test files in one worker process, each with a fresh copy of the Pulumi SDK, and
// every copy adds its promise-leak detector to the real process's "exit" listeners (@pulumi/pulumi
// runtime/debuggable.ts). Node warns from the eleventh; one per test file is expected here.
process.setMaxListeners(200);
