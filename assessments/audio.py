"""Checks on a recorded answer before it is stored: is it audio, of a kind we accept, and how long.

Pure functions with no Django in them. The browser's word is not taken for any of it: the
declared content type must agree with the file's own first bytes, the size is capped, and the
duration is read from the file (WebM, Ogg, WAV and MP4 headers), not from the browser.
Browsers record with MediaRecorder: Chromium and Firefox write WebM or Ogg with Opus,
Safari writes MP4.
"""

import struct
from dataclasses import dataclass

ACCEPTED_TYPES = {
    "audio/webm": "webm",
    "audio/ogg": "ogg",
    "audio/mp4": "mp4",
    "audio/x-m4a": "mp4",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/mpeg": "mpeg",
}
EXTENSIONS = {"webm": ".webm", "ogg": ".ogg", "mp4": ".m4a", "wav": ".wav", "mpeg": ".mp3"}
CONTENT_TYPES = {"webm": "audio/webm", "ogg": "audio/ogg", "mp4": "audio/mp4", "wav": "audio/wav",
                 "mpeg": "audio/mpeg"}  # fmt: skip
MIN_BYTES = 64
DAMAGED = "The recording is damaged. Try again, or type your answer."
# Containers whose length is always in the file: without one, the file is not a recording.
TIMED_KINDS = frozenset({"webm", "ogg", "wav"})
MAX_DURATION_MS = 10 * 60 * 1000  # one turn can never be longer than the whole call


class RecordingRejected(ValueError):
    """Not stored; the message is for the candidate."""


@dataclass(frozen=True)
class CheckedRecording:
    kind: str
    content_type: str
    extension: str
    size: int
    duration_ms: int | None


def check_recording(data: bytes, declared_type: str, *, max_bytes: int) -> CheckedRecording:
    base_type = (declared_type or "").split(";")[0].strip().lower()
    declared_kind = ACCEPTED_TYPES.get(base_type)
    if declared_kind is None:
        raise RecordingRejected("That file is not a sound recording we can accept.")
    if len(data) > max_bytes:
        raise RecordingRejected(
            f"The recording is too large ({len(data) // 1024:,} KB; the limit is "
            f"{max_bytes // 1024:,} KB). Record a shorter answer, or type it instead."
        )
    if len(data) < MIN_BYTES:
        raise RecordingRejected("The recording is empty. Try again, or type your answer.")
    kind = sniff(data)
    if kind != declared_kind:
        raise RecordingRejected("That file is not the sound recording it claims to be.")
    duration = duration_ms(data, kind)
    if duration is None and kind in TIMED_KINDS:
        raise RecordingRejected(DAMAGED)
    if duration == 0:
        raise RecordingRejected("The recording is empty. Try again, or type your answer.")
    if duration is not None and duration > MAX_DURATION_MS:
        raise RecordingRejected("The recording is longer than the whole call can be.")
    return CheckedRecording(kind, CONTENT_TYPES[kind], EXTENSIONS[kind], len(data), duration)


def sniff(data: bytes) -> str | None:
    """The container by its magic bytes."""
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if data[:4] == b"OggS":
        return "ogg"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[4:8] == b"ftyp":
        return "mp4"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mpeg"
    return None


def duration_ms(data: bytes, kind: str) -> int | None:
    """Milliseconds of audio, or None where the container does not say (MP3)."""
    try:
        if kind == "webm":
            return _webm_duration(data)
        if kind == "ogg":
            return _ogg_duration(data)
        if kind == "wav":
            return _wav_duration(data)
        if kind == "mp4":
            return _mp4_duration(data)
    except (IndexError, struct.error, ValueError) as broken:
        raise RecordingRejected(DAMAGED) from broken
    return None


# --- WebM (Matroska/EBML) -------------------------------------------------------------------
# MediaRecorder writes the Segment and Clusters with an unknown size and no Duration, so the
# length is read from the clusters: each has a timecode, and each block a time relative to it.

SEGMENT, CLUSTER, BLOCK_GROUP, INFO = 0x18538067, 0x1F43B675, 0xA0, 0x1549A966
TIMECODE_SCALE, DURATION, CLUSTER_TIMECODE = 0x2AD7B1, 0x4489, 0xE7
SIMPLE_BLOCK, BLOCK = 0xA3, 0xA1
MASTERS = {SEGMENT, CLUSTER, BLOCK_GROUP, INFO}
OPUS_FRAME_MS = 20


def _vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer at ``pos``: (value, length, all ones = unknown size)."""
    first = data[pos]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8:
        raise ValueError("not an EBML number")
    value = first if keep_marker else first & (mask - 1)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


def _webm_duration(data: bytes) -> int | None:
    scale_ns, declared, cluster_time = 1_000_000, None, 0
    first_block = last_block = None
    pos, end = 0, len(data)
    while pos < end:
        element, id_length, _ = _vint(data, pos, keep_marker=True)
        size, size_length, unknown = _vint(data, pos + id_length, keep_marker=False)
        body = pos + id_length + size_length
        if element in MASTERS:
            pos = body  # descend: children follow, whatever the size says
            continue
        if unknown or body + size > end:
            break  # a recording cut short: what was read so far still counts
        payload = data[body : body + size]
        if element == TIMECODE_SCALE:
            scale_ns = int.from_bytes(payload, "big") or scale_ns
        elif element == DURATION:
            declared = struct.unpack(">f" if size == 4 else ">d", payload)[0]
        elif element == CLUSTER_TIMECODE:
            cluster_time = int.from_bytes(payload, "big")
        elif element in (SIMPLE_BLOCK, BLOCK):
            _, track_length, _ = _vint(payload, 0, keep_marker=False)
            relative = struct.unpack(">h", payload[track_length : track_length + 2])[0]
            moment = cluster_time + relative
            first_block = moment if first_block is None else min(first_block, moment)
            last_block = moment if last_block is None else max(last_block, moment)
        pos = body + size
    if declared:
        return round(declared * scale_ns / 1_000_000)
    if first_block is None:
        return None
    return round((last_block - first_block) * scale_ns / 1_000_000) + OPUS_FRAME_MS


# --- Ogg, WAV, MP4 --------------------------------------------------------------------------


def _ogg_duration(data: bytes) -> int | None:
    last = data.rfind(b"OggS")
    if last < 0:
        return None
    granule = struct.unpack("<q", data[last + 6 : last + 14])[0]
    if b"OpusHead" in data[:200]:
        head = data.find(b"OpusHead")
        pre_skip = struct.unpack("<H", data[head + 10 : head + 12])[0]
        return max(0, round((granule - pre_skip) / 48))
    vorbis = data.find(b"\x01vorbis")
    if vorbis >= 0:
        rate = struct.unpack("<I", data[vorbis + 12 : vorbis + 16])[0]
        return round(granule * 1000 / rate) if rate else None
    return None


def _wav_duration(data: bytes) -> int | None:
    pos, byte_rate = 12, None
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk == b"fmt ":
            byte_rate = struct.unpack("<I", data[pos + 16 : pos + 20])[0]
        elif chunk == b"data":
            size = min(size, len(data) - pos - 8)
            return round(size * 1000 / byte_rate) if byte_rate else None
        pos += 8 + size + (size & 1)
    return None


def _mp4_duration(data: bytes) -> int | None:
    mvhd = data.find(b"mvhd")
    if mvhd < 0:
        return None
    version = data[mvhd + 4]
    if version == 1:
        timescale, duration = struct.unpack(">IQ", data[mvhd + 24 : mvhd + 36])
    else:
        timescale, duration = struct.unpack(">II", data[mvhd + 16 : mvhd + 24])
    return round(duration * 1000 / timescale) if timescale and duration else None
