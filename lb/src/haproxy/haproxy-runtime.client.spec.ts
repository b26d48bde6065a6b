import { describe, expect, it } from 'vitest';
import { decideActiveMaster, parseShowStat } from './haproxy-runtime.client.js';

const CSV = [
  '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,',
  'db_master,FRONTEND,,,0,1,4096,3,0,0,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,',
  'db_master,m1,0,0,0,1,,3,0,0,,0,,0,0,0,0,DOWN,1,1,0,0,0,0,0,,1,2,1,',
  'db_master,m2,0,0,2,2,,5,0,0,,0,,0,0,0,0,UP,1,0,1,0,0,0,0,,1,2,2,',
  'db_master,BACKEND,0,0,0,1,410,3,0,0,0,0,,0,0,0,0,UP,1,1,1,,0,0,0,,1,2,0,',
  '',
].join('\n');

describe('HAProxy runtime API parsing', () => {
  it('parses server rows of show stat and skips frontends and backends', () => {
    const rows = parseShowStat(CSV);
    expect(rows.map((r) => [r.server, r.status, r.isBackup, r.serverId, r.currentSessions])).toEqual([
      ['m1', 'DOWN', false, 1, 0],
      ['m2', 'UP', true, 2, 2],
    ]);
  });

  it('the stick-table entry decides the active master (no failback after m1 returns)', () => {
    const table = '# table: db_master, type: integer, size:2, used:1\n0x55d: key=1 use=0 exp=0 shard=0 server_id=2 server_key=m2\n';
    const bothUp = parseShowStat(CSV.replace(',DOWN,', ',UP,'));
    expect(decideActiveMaster(table, bothUp)).toBe('m2');
  });

  it('without an entry the healthy non-backup master is active, else a healthy backup', () => {
    const empty = '# table: db_master, type: integer, size:2, used:0\n';
    expect(decideActiveMaster(empty, parseShowStat(CSV))).toBe('m2');
    expect(decideActiveMaster(empty, parseShowStat(CSV.replace(',DOWN,', ',UP,')))).toBe('m1');
    expect(decideActiveMaster(empty, parseShowStat(CSV.replace(',DOWN,', ',MAINT,').replace(',UP,1,0,1', ',DOWN,1,0,1')))).toBeNull();
  });

  it('refuses output that is not show stat CSV', () => {
    expect(() => parseShowStat('Unknown command')).toThrow(/no CSV header/);
  });
});
