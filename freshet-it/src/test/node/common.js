'use strict'
// Shared by produce.js and group-consume.js: argument parsing, JSON lines on stdout, kafkajs logs on stderr.
const { Kafka, logLevel } = require('kafkajs')

function parseArgs(argv, defaults) {
  const args = { ...defaults }
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]
    if (!name.startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`bad argument ${name}; usage: --name value ...`)
    }
    args[name.slice(2)] = argv[++i]
  }
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) throw new Error(`missing --${key}`)
  }
  return args
}

function emit(object) {
  process.stdout.write(JSON.stringify(object) + '\n')
}

// kafkajs logs to stdout by default; stdout carries only our JSON lines, so its logs go to stderr.
const toStderr = () => ({ namespace, level, label, log }) => {
  const { message, ...extra } = log
  process.stderr.write(`${new Date().toISOString()} ${label} [${namespace}] ${message} ${JSON.stringify(extra)}\n`)
}

function kafka(bootstrap, clientId) {
  return new Kafka({
    clientId,
    brokers: bootstrap.split(','),
    logLevel: logLevel.INFO,
    logCreator: toStderr,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 2000 },
  })
}

module.exports = { parseArgs, emit, kafka }
