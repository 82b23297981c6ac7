#!/usr/bin/env python3
"""Starts the shared fake Kubernetes API (fakeapi.py in the oracle folder) for scripts/plan-oracle.ts.

Usage: plan-oracle-fakeapi.py ORACLE_DIR LOGFILE KINDS_JSON
- ORACLE_DIR holds fakeapi.py (imported, not copied); LOGFILE receives its request log.
- KINDS_JSON lists the kinds the chart renders ({apiVersion, kind, plural, namespaced}); they are
  added to the API's discovery, so Helm can build every object of the chart.
- The simulated TTL-after-finished controller is switched off: the order of hook creation does not
  depend on it, and a Job deleted by its TTL right after completing can fail Helm 4's wait at random.
Binds a free loopback port and prints it on the first line of stdout.
"""
import json
import sys
import uuid

oracle, logfile, kinds = sys.argv[1:4]
sys.argv = ['fakeapi.py', '0', logfile]
sys.path.insert(0, oracle)
import fakeapi  # noqa: E402  (reads sys.argv when imported)

for entry in json.load(open(kinds)):
    group, _, version = entry['apiVersion'].rpartition('/')
    fakeapi.RES.setdefault((group, version, entry['plural']), (entry['kind'], entry['namespaced']))

created = fakeapi.on_created


def on_created_without_ttl(key, obj):
    (obj.get('spec') or {}).pop('ttlSecondsAfterFinished', None)
    created(key, obj)


fakeapi.on_created = on_created_without_ttl

with fakeapi.lock:
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default", "uid": str(uuid.uuid4())}, "status": {"phase": "Active"}}
    fakeapi.bump(namespace)
    fakeapi.store[('', 'v1', 'namespaces', '', 'default')] = namespace

server = fakeapi.ThreadingHTTPServer(('127.0.0.1', 0), fakeapi.H)
server.daemon_threads = True
fakeapi.PORT = server.server_address[1]
print(fakeapi.PORT, flush=True)
server.serve_forever()
