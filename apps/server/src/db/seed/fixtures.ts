/** Deterministic building blocks for demo and generated data: names, valid ID numbers, credit codes. */
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, idCheckChar } from '@gonghui/contracts';

/** A small deterministic PRNG (mulberry32), so the demo province is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const SURNAMES = ['陈', '李', '黄', '张', '梁', '林', '刘', '吴', '罗', '何', '郑', '杨', '周', '谢', '郭', '许', '邓', '冯', '曾', '彭', '朱', '蔡', '苏', '卢', '叶'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '志强', '晓燕', '海燕', '建华', '国强', '文静', '嘉欣', '子豪', '浩然', '梓涵', '俊杰', '雅婷'];

export function personName(r: () => number): string {
  return pick(r, SURNAMES) + pick(r, GIVEN);
}

/** A valid 18-character ID number for a region code, birth date and 3-digit sequence (odd = male). */
export function makeIdNumber(region: string, birth: Date, seq: number): string {
  const y = birth.getUTCFullYear();
  const m = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const d = String(birth.getUTCDate()).padStart(2, '0');
  const first17 = `${region}${y}${m}${d}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** A valid unified social credit code: 91 (enterprise) + region + a 9-character body from n. */
export function makeCreditCode(region: string, n: number): string {
  let body = '';
  let x = n;
  for (let i = 0; i < 9; i++) {
    body = CREDIT_CODE_CHARSET[x % 31]! + body;
    x = Math.floor(x / 31);
  }
  const first17 = `91${region}${body}`;
  return first17 + creditCodeCheckChar(first17)!;
}

export const INDUSTRIES = ['制造业', '批发和零售业', '交通运输、仓储和邮政业', '住宿和餐饮业', '信息传输、软件和信息技术服务业', '建筑业', '居民服务业', '教育', '卫生和社会工作'];
export const EDUCATION = ['初中', '高中/中专', '大专', '本科', '研究生'];
export const HOMETOWNS = ['广东', '湖南', '广西', '贵州', '四川', '江西', '河南', '湖北'];
