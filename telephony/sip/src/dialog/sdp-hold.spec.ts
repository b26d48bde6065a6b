import { describe, it, expect } from 'vitest';
import { isHoldSdp } from './sdp-hold.js';

const base = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n';

describe('isHoldSdp (RFC 3264 §8.4)', () => {
  it.each([
    ['no direction (sendrecv)', `${base}m=audio 4000 RTP/AVP 0\r\n`, false],
    ['media sendonly', `${base}m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n`, true],
    ['media inactive', `${base}m=audio 4000 RTP/AVP 0\r\na=inactive\r\n`, true],
    ['media recvonly (the peer holds us, it is not on hold itself)', `${base}m=audio 4000 RTP/AVP 0\r\na=recvonly\r\n`, false],
    ['session sendonly', `${base}a=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n`, true],
    ['session sendonly, media sendrecv overrides', `${base}a=sendonly\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n`, false],
    ['RFC 2543 c=0.0.0.0 at session level', base.replace('c=IN IP4 10.0.0.1', 'c=IN IP4 0.0.0.0') + 'm=audio 4000 RTP/AVP 0\r\n', true],
    ['c=0.0.0.0 in the media only', `${base}m=audio 4000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n`, true],
    ['audio held, video still sendrecv', `${base}m=audio 4000 RTP/AVP 0\r\na=sendonly\r\nm=video 4002 RTP/AVP 96\r\n`, false],
    ['a removed stream (port 0) does not count', `${base}m=audio 4000 RTP/AVP 0\r\na=inactive\r\nm=video 0 RTP/AVP 96\r\n`, true],
    ['no active media at all is not a hold', `${base}m=audio 0 RTP/AVP 0\r\n`, false],
    ['bare LF line ends', `${base}m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n`.replace(/\r\n/g, '\n'), true],
  ])('%s', (_name, sdp, held) => {
    expect(isHoldSdp(sdp)).toBe(held);
  });
});
