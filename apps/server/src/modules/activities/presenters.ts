/** What the console sees of a member on a ticket or an entry: name, card, masked phone. */
import { maskPhone } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import type { MemberRow } from '../members/members.repository.js';

export const maskedMember = (cipher: AppContext['cipher'], m: MemberRow) => ({
  id: m.id,
  name: m.name,
  cardNo: m.cardNo,
  phone: m.phoneEnc ? maskPhone(cipher.decrypt(m.phoneEnc)) : null,
});
