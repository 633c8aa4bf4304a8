// Jest's sandboxed process.env does not reach the real environment that libtensorflow reads, so
// lib/native.ts's quiet default is set here, for the workers to inherit.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/interop needs Python TF: `npm run test:interop` runs it with jest.interop.config.js.
  testPathIgnorePatterns: ['/node_modules/', '/test/interop/'],
  transform: { '^.+\\.ts$': ['ts-jest', { transpilation: true }] },
  testTimeout: 120000,
  // libtensorflow already uses both cores of a run; more jest workers only contend.
  maxWorkers: 2,
};
