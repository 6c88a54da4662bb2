#!/usr/bin/env python3
"""Enrollments by conversation at a steady pace, for bench/register.sh (scan, then each step of
the form as signed XML to /wx/portal, plain mode, as WeChat sends it).

    bench/enroll-load.py BASE TOKEN SCENE CODES_FILE RATE SECONDS

Each enrollment is a worker never seen before: a follow with qrscene_<SCENE>, a name, a valid
18-digit ID number, a mobile, the employer (a credit code from CODES_FILE for two in three, a name
that is in no register for the third, which routes to the city federation), and 1 to submit. Every
passive reply must contain what the step asks next; any other answer fails the run. Enrollments
start at RATE per second (each on a thread of its own) for SECONDS seconds. Prints one line:
started, submitted, failed, and the p50 / p95 / p99 of a step's answer in ms.
"""
import hashlib
import random
import sys
import threading
import time
import urllib.request

BASE, TOKEN, SCENE, CODES, RATE, SECONDS = sys.argv[1:7]
RATE, SECONDS = float(RATE), float(SECONDS)
codes = [line.strip() for line in open(CODES, encoding="utf-8") if line.strip()]
run = str(int(time.time()))
lock = threading.Lock()
latencies, failures = [], []
submitted = [0]
counter = [0]

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(rng):
    """A valid resident ID number: region 420502 (宜昌), a real birth date, the check character."""
    year = rng.randint(1965, 2004)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    body = "420502%04d%02d%02d%03d" % (year, month, day, rng.randint(0, 999))
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def next_seq():
    with lock:
        counter[0] += 1
        return "%s%08d" % (run, counter[0])


def post(openid, inner):
    seq = next_seq()
    ts = str(int(time.time()))
    signature = hashlib.sha1("".join(sorted([TOKEN, ts, seq])).encode()).hexdigest()
    body = (
        "<xml><ToUserName><![CDATA[gh_union]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"
        "<CreateTime>%s</CreateTime>%s</xml>" % (openid, ts, inner.replace("{seq}", seq))
    ).encode("utf-8")
    url = "%s/wx/portal?signature=%s&timestamp=%s&nonce=%s&openid=%s" % (BASE, signature, ts, seq, openid)
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "text/xml; charset=utf-8"})
    t = time.perf_counter()
    with urllib.request.urlopen(request, timeout=15) as answer:
        text = answer.read().decode("utf-8")
    with lock:
        latencies.append((time.perf_counter() - t) * 1000)
    return text


def text(openid, content):
    return post(openid, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>{seq}</MsgId>" % content)


def expect(answer, word, step):
    if word not in answer:
        raise AssertionError("%s: expected %s in %r" % (step, word, answer[:200]))


def enroll(n):
    rng = random.Random(n)
    openid = "oBenchEnroll%s%07d" % (run, n)
    try:
        scan = post(openid, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
                            "<EventKey><![CDATA[qrscene_%s]]></EventKey>" % SCENE)
        expect(scan, "姓名", "scan")
        expect(text(openid, "测试职工"), "身份证", "name")
        expect(text(openid, id_number(rng)), "手机", "id number")
        expect(text(openid, "139%08d" % rng.randint(0, 99999999)), "工作单位", "mobile")
        employer = rng.choice(codes) if n % 3 else "不在库里的小店%d" % n
        expect(text(openid, employer), "确认", "employer")
        expect(text(openid, "1"), "已提交", "submit")
        with lock:
            submitted[0] += 1
    except Exception as e:  # noqa: BLE001 - every failure is counted and printed, none is lost
        with lock:
            failures.append("%s: %s" % (openid[-7:], e))


threads = []
start = time.monotonic()
n = 0
while time.monotonic() - start < SECONDS:
    n += 1
    t = threading.Thread(target=enroll, args=(n,))
    t.start()
    threads.append(t)
    time.sleep(max(0.0, start + n / RATE - time.monotonic()))
for t in threads:
    t.join()
latencies.sort()


def pct(p):
    return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else 0


print("started=%d submitted=%d failed=%d step_p50=%.2f step_p95=%.2f step_p99=%.2f"
      % (n, submitted[0], len(failures), pct(50), pct(95), pct(99)))
for f in failures[:5]:
    print("failure: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
