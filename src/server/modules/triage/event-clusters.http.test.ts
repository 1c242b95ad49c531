import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { triageService } from './triage.service.js';

const COMPLAINTS = '/api/v1/complaints';

/** Ten callers describing one water outage in their own words (character-trigram overlap far below 0.5). */
const OUTAGE: Array<[string, string, string]> = [
  ['江北区柳岸花园', '柳岸花园突然停水', '今天早上六点开始家里水龙头一滴水都没有，也没看到停水通知，孩子上学前连脸都没洗。'],
  ['柳岸花园2栋', '小区没水了', '来电人反映柳岸花园2栋从早上起停水，打物业电话一直占线，家里老人还等着做饭。'],
  ['', '柳岸花园停水问题', '我住江北区柳岸花园，到现在还没来水，问了楼上楼下都一样，请问什么时候恢复供水？'],
  ['柳岸花园小区', '停水没有提前公告', '市民来电称柳岸花园小区今日无故停水，供水公司和物业都没贴通知，影响正常生活。'],
  ['柳岸花园9栋', '全天无水', '柳岸花园9栋停水大半天了，超市的桶装水都卖光了，请督促供水公司抢修。'],
  ['江北区柳岸花园小区', '要求送水', '柳岸花园停水快一天，楼里都是老人，搬水上楼太难了，请安排临时送水车。'],
  ['柳岸花园', '家里断水', '来电人称柳岸花园家中断水，物业说是外面主管道爆裂，但现场没人维修，请核实处理。'],
  ['柳岸花园5栋', '停水影响婴儿', '柳岸花园5栋没水一整天，宝宝冲奶粉只能用矿泉水，希望尽快恢复。'],
  ['', '柳岸花园何时来水', '江北区柳岸花园小区停水到晚上还没恢复，洗澡做饭都成问题，打了几次热线都说在处理。'],
  ['柳岸花园东门', '停水一天了', '柳岸花园从早上停水到现在，打供水热线也打不通，请给个准确的恢复时间。'],
];

describe('same-event clusters through intake', () => {
  let env: TestEnv;
  let agent: TestClient;
  let admin: TestClient;
  let leader: TestClient;

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    [agent, admin, leader] = await Promise.all([env.client(['intake_agent']), env.client(['admin']), env.client(['leader'])]);
    expect((await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { massSize: 10, massWindowHours: 24 } })).statusCode).toBe(200);
  });
  afterAll(() => env.close());

  const post = async (locationText: string, subject: string, description: string) => {
    const r = await agent.post(COMPLAINTS, sampleComplaint({ subject, description, complainant: undefined, ...(locationText ? { location: { text: locationText } } : {}) }));
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };

  it('ten paraphrased reports of one water outage form one cluster and flag a mass complaint at the configured count (10); the same outage elsewhere and another problem at the estate stay out', async () => {
    const elsewhere = await post('南湖区金桂园小区', '金桂园停水', '金桂园小区今天上午突然停水，没有任何通知，请尽快恢复供水。');
    const lift = await post('柳岸花园3栋', '电梯困人', '柳岸花园3栋电梯停在两层之间，有人被困二十分钟，物业维修人员迟迟不到。');
    const reports = [];
    for (const [loc, subject, description] of OUTAGE) reports.push(await post(loc, subject, description));

    // The first report is alone when it arrives; each later one joins it (its id is the cluster's).
    const clusterId = reports[0].id;
    expect(reports.slice(1).map((r) => r.triage.cluster?.id)).toEqual(reports.slice(1).map(() => clusterId));
    expect((await agent.get(`${COMPLAINTS}/${clusterId}`)).json().triage.cluster).toMatchObject({ id: clusterId, size: 10, mass: true });
    // Mass exactly at the configured count.
    expect(reports[8].triage.mass).toBe(false);
    expect(reports[9].triage.mass).toBe(true);
    expect(reports[9].triage.cluster).toMatchObject({ id: clusterId, size: 10, mass: true });
    expect(reports[9].triage.factors.map((f: { factor: string }) => f.factor)).toContain('massCluster');

    const events = (await env.ctx.db.selectFrom('jobs').select('payload').where('type', '=', 'event').execute()).map((r) => JSON.parse(r.payload));
    const mass = events.filter((e) => e.type === 'triage.mass_complaint' && e.data.clusterId === clusterId);
    expect(mass).toHaveLength(1);
    expect(mass[0].data.size).toBe(10);

    // The leader is told, once, in their language.
    const leaderNotes = () => env.ctx.db.selectFrom('notifications').select(['type', 'title_zh', 'complaint_id']).where('user_id', '=', leader.userId).execute();
    for (let i = 0; i < 200 && !(await leaderNotes()).length; i++) await new Promise((r) => setTimeout(r, 50));
    const notes = await leaderNotes();
    expect(notes.filter((n) => n.type === 'triage.mass_complaint')).toEqual([{ type: 'triage.mass_complaint', title_zh: expect.stringContaining('【群体性投诉】'), complaint_id: clusterId }]);

    const cluster = (await agent.get(`/api/v1/clusters/${clusterId}`)).json();
    expect(cluster).toMatchObject({ size: 10, mass: true });
    expect(cluster.members.map((m: { id: string }) => m.id).sort()).toEqual(reports.map((r) => r.id).sort());
    for (const other of [elsewhere, lift]) expect((await agent.get(`${COMPLAINTS}/${other.id}`)).json().triage.cluster).toBeNull();
  });

  it('without place names, coordinates decide: two reports 60 m apart join, the same problem 5 km away does not', async () => {
    const at = async (lat: number, lng: number, subject: string, description: string) => {
      const r = await agent.post(COMPLAINTS, sampleComplaint({ subject, description, complainant: undefined, location: { lat, lng } }));
      expect(r.statusCode, r.body).toBe(201);
      return r.json();
    };
    const a = await at(30.5501, 114.3001, '人行道井盖丢了', '门口人行道上的井盖不见了，晚上走路很危险，请尽快补上。');
    const b = await at(30.5506, 114.3003, '窨井盖没了', '路边窨井盖没了只剩一个黑洞，刚才有小孩差点掉下去。');
    const far = await at(30.5951, 114.3001, '井盖缺失', '人行道井盖缺失，只剩一个黑洞，请有关部门尽快处理。');
    expect(b.triage.cluster?.id).toBe(a.id);
    expect(far.triage.cluster?.id ?? null).not.toBe(a.id);
  });

  it('after a restart (index rebuilt from stored features) an eleventh report joins the same cluster', async () => {
    const before = (await agent.get('/api/v1/clusters?mass=1')).json().items[0];
    await triageService(env.ctx)['rebuildIndex']();
    const next = await post('柳岸花园7栋', '还是没有水', '柳岸花园到现在还是停水，家里水龙头拧开一点水都没有，请相关部门尽快处理。');
    expect(next.triage.cluster).toMatchObject({ id: before.id, size: 11, mass: true });
  });
});
