"""Recording checks without Django: the container by its bytes, the length from the file."""

import io
import struct
import wave

import pytest

from assessments.audio import RecordingRejected, check_recording, duration_ms, sniff

MAX = 6 * 1024 * 1024


def wav(seconds: float, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(rate * seconds))
    return buffer.getvalue()


def ebml(element_id: int, payload: bytes, *, unknown_size: bool = False) -> bytes:
    ident = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    if unknown_size:
        return ident + b"\x01\xff\xff\xff\xff\xff\xff\xff" + payload
    size = len(payload)
    return ident + (0x10000000 | size).to_bytes(4, "big") + payload


def simple_block(relative_ms: int) -> bytes:
    return ebml(0xA3, b"\x81" + struct.pack(">h", relative_ms) + b"\x80" + b"\x00" * 20)


def webm(cluster_times: list[int], blocks_per_cluster: int = 50, *, declared=None) -> bytes:
    """What MediaRecorder writes: unknown-size Segment and Clusters, no Duration."""
    info = ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big"))
    if declared is not None:
        info += ebml(0x4489, struct.pack(">d", declared))
    body = ebml(0x1549A966, info)
    for start in cluster_times:
        blocks = b"".join(simple_block(20 * n) for n in range(blocks_per_cluster))
        body += ebml(0x1F43B675, ebml(0xE7, start.to_bytes(4, "big")) + blocks, unknown_size=True)
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    return header + ebml(0x18538067, body, unknown_size=True)


def ogg_opus(granule: int, pre_skip: int = 312) -> bytes:
    head = (
        b"OpusHead" + bytes([1, 1]) + struct.pack("<H", pre_skip) + b"\x80\xbb\x00\x00" + b"\0\0\0"
    )
    first = b"OggS\x00\x02" + struct.pack("<q", 0) + b"\x00" * 13 + head
    last = b"OggS\x00\x04" + struct.pack("<q", granule) + b"\x00" * 13 + b"\x00" * 40
    return first + b"\x00" * 30 + last


def test_sniffing_knows_the_containers_by_their_first_bytes():
    assert sniff(wav(0.1)) == "wav"
    assert sniff(webm([0])) == "webm"
    assert sniff(ogg_opus(48000)) == "ogg"
    assert sniff(b"\x00\x00\x00\x18ftypM4A ") == "mp4"
    assert sniff(b"ID3\x04" + b"\x00" * 10) == "mpeg"
    assert sniff(b"%PDF-1.7") is None
    assert sniff(b"PK\x03\x04") is None


def test_wav_length_comes_from_its_header():
    assert duration_ms(wav(2.5), "wav") == 2500


def test_webm_length_comes_from_its_clusters_when_it_declares_none():
    data = webm([0, 1000, 2000])  # three clusters of 50 blocks, 20 ms apart
    assert duration_ms(data, "webm") == 2000 + 49 * 20 + 20


def test_a_declared_webm_duration_is_used():
    assert duration_ms(webm([0], declared=4321.0), "webm") == 4321


def test_a_webm_cut_short_still_gives_what_it_holds():
    data = webm([0, 1000])
    assert duration_ms(data[:-10], "webm") >= 1000


def test_ogg_opus_length_comes_from_the_last_granule():
    assert duration_ms(ogg_opus(48000 * 3 + 312), "ogg") == 3000


def test_an_accepted_recording_reports_kind_type_and_length():
    checked = check_recording(wav(1.2), "audio/wav", max_bytes=MAX)
    assert (checked.kind, checked.content_type, checked.extension) == ("wav", "audio/wav", ".wav")
    assert checked.duration_ms == 1200
    webm_checked = check_recording(webm([0, 1000]), "audio/webm;codecs=opus", max_bytes=MAX)
    assert webm_checked.kind == "webm"


@pytest.mark.parametrize(
    ("data", "declared", "message"),
    [
        (wav(1.0), "video/mp4", "not a sound recording we can accept"),
        (wav(1.0), "", "not a sound recording we can accept"),
        (wav(1.0), "audio/webm", "not the sound recording it claims"),
        (b"<html><script>alert(1)</script></html>" * 3, "audio/webm", "claims"),
        (b"RIFF", "audio/wav", "empty"),
        (wav(0.0), "audio/wav", "empty"),
        (ebml(0x1A45DFA3, b"") + b"\x00" * 100, "audio/webm", "damaged"),
        (b"RIFF\x00\x00\x00\x00WAVE" + b"\xff" * 100, "audio/wav", "damaged"),
    ],
)
def test_refusals_say_why(data, declared, message):
    with pytest.raises(RecordingRejected, match=message):
        check_recording(data, declared, max_bytes=MAX)


def test_the_size_cap_is_checked_before_anything_is_parsed():
    with pytest.raises(RecordingRejected, match="too large"):
        check_recording(b"\x00" * 2048, "audio/wav", max_bytes=1024)


def test_a_recording_longer_than_the_whole_call_is_refused():
    with pytest.raises(RecordingRejected, match="longer than the whole call"):
        check_recording(webm([0], declared=11 * 60 * 1000.0), "audio/webm", max_bytes=MAX)


def test_hostile_ebml_sizes_do_not_hang_or_crash():
    data = b"\x1a\x45\xdf\xa3" + b"\x00" * 200  # a size byte of zero is not an EBML number
    with pytest.raises(RecordingRejected):
        check_recording(data, "audio/webm", max_bytes=MAX)
