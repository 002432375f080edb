// kubectl's typed clients send some built-in kinds as protobuf (`kubectl create namespace` does).
// This decodes just that: the `k8s\0` envelope (runtime.Unknown) around a v1.Namespace, reading the
// ObjectMeta fields a create can carry. Everything else stays JSON-only (415).

type Fields = Map<number, (Buffer | number)[]>;

function varint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
  }
}

/** Splits one protobuf message into its fields (length-delimited as bytes, varints as numbers). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = varint(buf, pos);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    let value: Buffer | number;
    if (wire === 0) [value, pos] = varint(buf, p1);
    else if (wire === 2) {
      const [len, p2] = varint(buf, p1);
      value = buf.subarray(p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 1) { value = buf.readDoubleLE(p1); pos = p1 + 8; }
    else if (wire === 5) { value = buf.readFloatLE(p1); pos = p1 + 4; }
    else throw new Error(`unsupported wire type ${wire}`);
    if (!out.has(field)) out.set(field, []);
    out.get(field)!.push(value);
  }
  return out;
}

const str = (f: Fields, n: number): string | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};

function stringMap(f: Fields, n: number): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const kv = fields(e as Buffer);
    out[str(kv, 1) ?? ''] = str(kv, 2) ?? '';
  }
  return out;
}

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** Decodes a protobuf-encoded v1.Namespace into its JSON form; throws on anything else. */
export function decodeNamespace(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0') throw new Error('missing the k8s protobuf envelope');
  const unknown = fields(body.subarray(4));
  const typeMeta = fields((unknown.get(1)?.[0] as Buffer) ?? Buffer.alloc(0));
  if (str(typeMeta, 2) !== 'Namespace') throw new Error(`protobuf is only understood for Namespace, got ${str(typeMeta, 2) ?? 'nothing'}`);
  const ns = fields((unknown.get(2)?.[0] as Buffer) ?? Buffer.alloc(0));
  const meta = fields((ns.get(1)?.[0] as Buffer) ?? Buffer.alloc(0));
  const metadata: Record<string, unknown> = {};
  const name = str(meta, 1);
  const generateName = str(meta, 2);
  if (name) metadata.name = name;
  if (generateName) metadata.generateName = generateName;
  const labels = stringMap(meta, 11);
  const annotations = stringMap(meta, 12);
  if (labels) metadata.labels = labels;
  if (annotations) metadata.annotations = annotations;
  return { apiVersion: str(typeMeta, 1) ?? 'v1', kind: 'Namespace', metadata };
}
