/*
 * A test-only emulator of Blackmagic's libDeckLinkAPI.so (Desktop Video, SDK 12.x ABI on Linux
 * x86-64), written for Genlock's tests. It is never shipped: production loads the real driver.
 *
 * It exports the entry points the real library exports (the versioned factory symbols that the
 * SDK's dispatch code looks up with dlsym) and hands out objects whose vtables have the Itanium
 * C++ layout of the SDK's interfaces: IUnknown (QueryInterface, AddRef, Release), then the
 * interface's own methods in header order, then the two slots of the protected virtual destructor
 * that each SDK interface declares last. A derived interface (IDeckLinkMutableVideoFrame) appends
 * its methods after its base's destructor slots. The destructors are never called through the
 * vtable (clients call Release), so those slots hold a function that only reports the misuse.
 *
 * Emulated: N cards (genlock_emu_configure, or GENLOCK_DECKLINK_EMULATOR_DEVICES), each one
 * output with display modes and pixel formats, CreateVideoFrame (memory owned by the emulator,
 * outstanding frames counted), scheduled playback paced by CLOCK_MONOTONIC on one thread per
 * output, completion results (completed; displayed late when a frame's time had passed and it is
 * shown at the next slot; dropped; flushed on stop), buffered count, stream time, keyer state,
 * reference lock, arrival/removal notifications, fault injection (late every Nth, drop every
 * Nth, stall, unplug) and a log line per played frame:
 *   <display index> <sha256 of rowBytes*height bytes> <RP188 HH:MM:SS:FF or -> <timecode flags>
 * where the display index is the frame's display time divided by its duration.
 *
 * Embedded audio: EnableAudioOutput (48 kHz, 16- or 32-bit integer, 2, 8 or 16 channels, any
 * stream type), ScheduleAudioSamples (copies what it takes, like the driver; a test can cap how
 * many sample frames one call takes) and DisableAudioOutput. Audio output stays enabled until
 * DisableAudioOutput, whatever happens to video output, so a client that forgets to disable it
 * finds the next EnableAudioOutput refused, as with the driver. With an audio log set
 * (genlock_emu_audio_log) each of those calls appends a line:
 *   enable <sample rate> <sample type> <channels> <stream type>
 *   samples <stream time> <time scale> <sample frames given> <written> <sha256 of the written bytes>
 *   disable
 *
 * The genlock_emu_* functions are the test's control panel; the real library has none of them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int32_t HRESULT;
typedef uint32_t ULONG;
typedef struct { unsigned char b[16]; } REFIID; /* CFUUIDBytes, passed by value */

#define S_OK ((HRESULT)0)
#define S_FALSE ((HRESULT)1)
#define E_NOTIMPL ((HRESULT)0x80000001)
#define E_OUTOFMEMORY ((HRESULT)0x80000002)
#define E_INVALIDARG ((HRESULT)0x80000003)
#define E_NOINTERFACE ((HRESULT)0x80000004)
#define E_FAIL ((HRESULT)0x80000008)
#define E_ACCESSDENIED ((HRESULT)0x80000009)

#define FOURCC(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

/* pixel formats */
#define PF_YUV8 FOURCC('2', 'v', 'u', 'y')
#define PF_YUV10 FOURCC('v', '2', '1', '0')
#define PF_BGRA FOURCC('B', 'G', 'R', 'A')
/* field dominance */
#define FD_LOWER FOURCC('l', 'o', 'w', 'r')
#define FD_UPPER FOURCC('u', 'p', 'p', 'r')
#define FD_PROG FOURCC('p', 'r', 'o', 'g')
/* attributes, status */
#define ATTR_INTERNAL_KEYING FOURCC('k', 'e', 'y', 'i')
#define ATTR_EXTERNAL_KEYING FOURCC('k', 'e', 'y', 'e')
#define ATTR_HAS_REFERENCE FOURCC('h', 'r', 'i', 'n')
#define ATTR_SUBDEVICES FOURCC('n', 's', 'b', 'd')
#define ATTR_SUBDEVICE_INDEX FOURCC('s', 'u', 'b', 'i')
#define ATTR_PERSISTENT_ID FOURCC('p', 'e', 'i', 'd')
#define ATTR_VIDEO_IO FOURCC('v', 'i', 'o', 's')
#define ATTR_DISPLAY_NAME FOURCC('d', 's', 'p', 'n')
#define ATTR_MODEL_NAME FOURCC('m', 'd', 'l', 'n')
#define STATUS_REF_MODE FOURCC('r', 'e', 'f', 'm')
#define STATUS_REF_LOCKED FOURCC('r', 'e', 'f', 'l')
#define API_VERSION FOURCC('v', 'e', 'r', 's')
#define MODE_UNKNOWN FOURCC('i', 'u', 'n', 'k')
/* output flags, mode flags, timecode formats */
#define SUPPORTED_MODE_KEYING (1u << 0)
#define TC_RP188_VITC1 FOURCC('r', 'p', 'v', '1')
#define TC_RP188_LTC FOURCC('r', 'p', 'l', 't')
#define TC_RP188_ANY FOURCC('r', 'p', '1', '8')
#define TC_VITC FOURCC('v', 'i', 't', 'c')
#define REFERENCE_LOCKED (1u << 1)

enum { COMPLETED = 0, DISPLAYED_LATE = 1, DROPPED = 2, FLUSHED = 3 };

/* ------------------------------------------------------------------------------- IIDs */

static const REFIID IID_IUnknown = {{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const REFIID IID_IDeckLink = {{0xC4, 0x18, 0xFB, 0xDD, 0x05, 0x87, 0x48, 0xED, 0x8F, 0xE5, 0x64, 0x0F, 0x0A, 0x14, 0xAF, 0x91}};
static const REFIID IID_IDeckLinkOutput = {{0xBE, 0x2D, 0x90, 0x20, 0x46, 0x1E, 0x44, 0x2F, 0x84, 0xB7, 0xE9, 0x49, 0xCB, 0x95, 0x3B, 0x9D}};
static const REFIID IID_IDeckLinkProfileAttributes = {{0x17, 0xD4, 0xBF, 0x8E, 0x49, 0x11, 0x47, 0x3A, 0x80, 0xA0, 0x73, 0x1C, 0xF6, 0xFF, 0x34, 0x5B}};
static const REFIID IID_IDeckLinkKeyer = {{0x89, 0xAF, 0xCA, 0xF5, 0x65, 0xF8, 0x42, 0x1E, 0x98, 0xF7, 0x96, 0xFE, 0x5F, 0x5B, 0xFB, 0xA3}};
static const REFIID IID_IDeckLinkStatus = {{0x5F, 0x55, 0x82, 0x00, 0x40, 0x28, 0x49, 0xBC, 0xBE, 0xAC, 0xDB, 0x3F, 0xA4, 0xA9, 0x6E, 0x46}};
static const REFIID IID_IDeckLinkVideoFrame = {{0x3F, 0x71, 0x6F, 0xE0, 0xF0, 0x23, 0x41, 0x11, 0xBE, 0x5D, 0xEF, 0x44, 0x14, 0xC0, 0x5B, 0x17}};
static const REFIID IID_IDeckLinkMutableVideoFrame = {{0x69, 0xE2, 0x63, 0x9F, 0x40, 0xDA, 0x4E, 0x19, 0xB6, 0xF2, 0x20, 0xAC, 0xE8, 0x15, 0xC3, 0x90}};
static const REFIID IID_IDeckLinkDisplayMode = {{0x3E, 0xB2, 0xC1, 0xAB, 0x0A, 0x3D, 0x45, 0x23, 0xA3, 0xAD, 0xF4, 0x0D, 0x7F, 0xB1, 0x4E, 0x78}};
static const REFIID IID_IDeckLinkDisplayModeIterator = {{0x9C, 0x88, 0x49, 0x9F, 0xF6, 0x01, 0x40, 0x21, 0xB8, 0x0B, 0x03, 0x2E, 0x4E, 0xB4, 0x1C, 0x35}};
static const REFIID IID_IDeckLinkIterator = {{0x50, 0xFB, 0x36, 0xCD, 0x30, 0x63, 0x4B, 0x73, 0xBD, 0xBB, 0x95, 0x80, 0x87, 0xF2, 0xD8, 0xBA}};
static const REFIID IID_IDeckLinkDiscovery = {{0xCD, 0xBF, 0x63, 0x1C, 0xBC, 0x76, 0x45, 0xFA, 0xB4, 0x4D, 0xC5, 0x50, 0x59, 0xBC, 0x61, 0x01}};
static const REFIID IID_IDeckLinkAPIInformation = {{0x7B, 0xEA, 0x3C, 0x68, 0x73, 0x0D, 0x43, 0x22, 0xAF, 0x34, 0x8A, 0x71, 0x52, 0xB5, 0x32, 0xA4}};
static const REFIID IID_IDeckLinkVideoOutputCallback = {{0x20, 0xAA, 0x52, 0x25, 0x19, 0x58, 0x47, 0xCB, 0x82, 0x0B, 0x80, 0xA8, 0xD5, 0x21, 0xA6, 0xEE}};
static const REFIID IID_IDeckLinkDeviceNotificationCallback = {{0x49, 0x97, 0x05, 0x3B, 0x0A, 0xDF, 0x4C, 0xC8, 0xAC, 0x70, 0x7A, 0x50, 0xC4, 0xBE, 0x72, 0x8F}};

static bool same_iid(REFIID a, REFIID b) { return memcmp(a.b, b.b, 16) == 0; }

/* ------------------------------------------------------------------------------- calling into the client */

/* An object the client implements: its first word is its vtable. */
typedef struct { void **vtbl; } Foreign;

typedef ULONG (*fn_addref)(void *);
typedef HRESULT (*fn_qi)(void *, REFIID, void **);
typedef HRESULT (*fn_completed)(void *, void *, uint32_t);
typedef HRESULT (*fn_stopped)(void *);
typedef HRESULT (*fn_device)(void *, void *);

static void foreign_addref(void *o) { ((fn_addref)((Foreign *)o)->vtbl[1])(o); }
static void foreign_release(void *o) { ((fn_addref)((Foreign *)o)->vtbl[2])(o); }

/* Like the driver, asks a client's object whether it implements the interface it is given as. */
static bool foreign_implements(void *o, REFIID iid) {
	void *out = NULL;
	HRESULT r = ((fn_qi)((Foreign *)o)->vtbl[0])(o, iid, &out);
	if (r != S_OK || out != o) return false;
	foreign_release(o);
	return true;
}

static atomic_long misuse;

static void never_destroyed(void *self) {
	(void)self;
	atomic_fetch_add(&misuse, 1);
	fprintf(stderr, "decklink emulator: a destructor slot was called through the vtable; clients must call Release\n");
}

/* ------------------------------------------------------------------------------- display modes */

typedef struct {
	uint32_t mode;
	const char *name;
	int width, height;
	int64_t duration, timescale;
	uint32_t dominance;
} Mode;

static const Mode MODES[] = {
	{FOURCC('n', 't', 's', 'c'), "NTSC", 720, 486, 1001, 30000, FD_LOWER},
	{FOURCC('p', 'a', 'l', ' '), "PAL", 720, 576, 1000, 25000, FD_UPPER},
	{FOURCC('2', '3', 'p', 's'), "1080p23.98", 1920, 1080, 1001, 24000, FD_PROG},
	{FOURCC('2', '4', 'p', 's'), "1080p24", 1920, 1080, 1000, 24000, FD_PROG},
	{FOURCC('H', 'p', '2', '5'), "1080p25", 1920, 1080, 1000, 25000, FD_PROG},
	{FOURCC('H', 'p', '2', '9'), "1080p29.97", 1920, 1080, 1001, 30000, FD_PROG},
	{FOURCC('H', 'p', '3', '0'), "1080p30", 1920, 1080, 1000, 30000, FD_PROG},
	{FOURCC('H', 'p', '5', '0'), "1080p50", 1920, 1080, 1000, 50000, FD_PROG},
	{FOURCC('H', 'p', '5', '9'), "1080p59.94", 1920, 1080, 1001, 60000, FD_PROG},
	{FOURCC('H', 'p', '6', '0'), "1080p60", 1920, 1080, 1000, 60000, FD_PROG},
	{FOURCC('H', 'i', '5', '0'), "1080i50", 1920, 1080, 1000, 25000, FD_UPPER},
	{FOURCC('H', 'i', '5', '9'), "1080i59.94", 1920, 1080, 1001, 30000, FD_UPPER},
	{FOURCC('H', 'i', '6', '0'), "1080i60", 1920, 1080, 1000, 30000, FD_UPPER},
	{FOURCC('h', 'p', '5', '0'), "720p50", 1280, 720, 1000, 50000, FD_PROG},
	{FOURCC('h', 'p', '5', '9'), "720p59.94", 1280, 720, 1001, 60000, FD_PROG},
	{FOURCC('h', 'p', '6', '0'), "720p60", 1280, 720, 1000, 60000, FD_PROG},
	{FOURCC('4', 'k', '2', '5'), "2160p25", 3840, 2160, 1000, 25000, FD_PROG},
	{FOURCC('4', 'k', '3', '0'), "2160p30", 3840, 2160, 1000, 30000, FD_PROG},
	{FOURCC('4', 'k', '5', '0'), "2160p50", 3840, 2160, 1000, 50000, FD_PROG},
	{FOURCC('4', 'k', '6', '0'), "2160p60", 3840, 2160, 1000, 60000, FD_PROG},
};
#define MODE_COUNT ((int)(sizeof(MODES) / sizeof(MODES[0])))

static const Mode *find_mode(uint32_t mode) {
	for (int i = 0; i < MODE_COUNT; i++) {
		if (MODES[i].mode == mode) return &MODES[i];
	}
	return NULL;
}

/* Like many cards: YUV everywhere, RGB up to 2160p30; keying only in 8-bit BGRA up to 1080 lines. */
static bool pixel_supported(const Mode *m, uint32_t pf) {
	if (pf == PF_YUV8 || pf == PF_YUV10) return true;
	if (pf == PF_BGRA) return !(m->height == 2160 && m->timescale / m->duration > 30);
	return false;
}

static int64_t row_bytes_for(uint32_t pf, int width) {
	switch (pf) {
	case PF_BGRA: return 4L * width;
	case PF_YUV8: return 4L * ((width + 1) / 2);
	case PF_YUV10: return 128L * ((width + 47) / 48);
	default: return -1;
	}
}

/* ------------------------------------------------------------------------------- cards and devices */

#define MAX_CARDS 16
#define MAX_QUEUE 256

typedef struct Device Device;

typedef struct {
	void **vtbl;
	Device *dev;
} Sub;

typedef struct Frame {
	void **vtbl;
	atomic_int refs;
	int width, height, row_bytes;
	uint32_t pixel_format, flags;
	unsigned char *bytes;
	bool has_tc;
	uint8_t tc_h, tc_m, tc_s, tc_f;
	uint32_t tc_flags, tc_format;
} Frame;

typedef struct {
	Frame *frame;
	int64_t time;          /* display time in the schedule's time scale, converted to the mode's */
	int64_t arrival_ns;
} Queued;

struct Device {
	void **vtbl; /* IDeckLink */
	atomic_int refs;
	int card;
	Sub output, attributes, keyer, status;
	bool gone;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool thread_running, quit;

	bool enabled;
	const Mode *mode;
	uint32_t output_flags;
	void *callback; /* IDeckLinkVideoOutputCallback, AddRef'd */

	Queued queue[MAX_QUEUE];
	int queued;
	bool playing, stop_requested;
	int64_t start_time;   /* stream time (mode units) at start */
	int64_t start_ns;     /* monotonic ns at start */
	int64_t next_slot;    /* next slot to process, in frames */
	Frame *on_air;
	int64_t on_air_time;
	int on_air_result;

	bool keyer_enabled, keyer_external;
	int keyer_level;

	/* embedded audio, EnableAudioOutput .. DisableAudioOutput */
	bool audio_enabled;
	uint32_t audio_channels, audio_sample_type;
};

typedef struct {
	bool present;
	bool keying;
	bool reference_locked;
	uint32_t reference_mode;
	int late_every, drop_every, stall_every, stall_ms;
	FILE *log;
	Device *device; /* the current arrival, or NULL */
	/* counters */
	long scheduled, played, completed, late, dropped, flushed, candidates;
	/* audio: the log, the most sample frames one ScheduleAudioSamples takes (0: all), counters */
	FILE *audio_log;
	uint32_t audio_limit;
	long audio_enables, audio_disables, audio_calls, audio_written, audio_short;
} Card;

static pthread_mutex_t global = PTHREAD_MUTEX_INITIALIZER;
static Card cards[MAX_CARDS];
static int card_count = -1;
static atomic_long outstanding_frames;
static atomic_long created_frames;

static int64_t now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void ensure_configured_locked(void) {
	if (card_count >= 0) return;
	const char *env = getenv("GENLOCK_DECKLINK_EMULATOR_DEVICES");
	int n = env ? atoi(env) : 1;
	if (n < 0) n = 0;
	if (n > MAX_CARDS) n = MAX_CARDS;
	card_count = n;
	for (int i = 0; i < MAX_CARDS; i++) {
		cards[i].present = i < n;
		cards[i].keying = true;
		cards[i].reference_locked = true;
		cards[i].reference_mode = FOURCC('H', 'p', '5', '0');
	}
}

/* ------------------------------------------------------------------------------- frames */

static HRESULT frame_qi(Frame *self, REFIID iid, void **out) {
	if (!out) return E_INVALIDARG;
	if (same_iid(iid, IID_IUnknown) || same_iid(iid, IID_IDeckLinkVideoFrame) || same_iid(iid, IID_IDeckLinkMutableVideoFrame)) {
		atomic_fetch_add(&self->refs, 1);
		*out = self;
		return S_OK;
	}
	*out = NULL;
	return E_NOINTERFACE;
}
static ULONG frame_addref(Frame *self) { return (ULONG)atomic_fetch_add(&self->refs, 1) + 1; }
static ULONG frame_release(Frame *self) {
	int left = atomic_fetch_sub(&self->refs, 1) - 1;
	if (left == 0) {
		free(self->bytes);
		free(self);
		atomic_fetch_sub(&outstanding_frames, 1);
	}
	return (ULONG)(left < 0 ? 0 : left);
}
static long frame_width(Frame *self) { return self->width; }
static long frame_height(Frame *self) { return self->height; }
static long frame_row_bytes(Frame *self) { return self->row_bytes; }
static uint32_t frame_pixel_format(Frame *self) { return self->pixel_format; }
static uint32_t frame_flags(Frame *self) { return self->flags; }
static HRESULT frame_bytes(Frame *self, void **buffer) {
	if (!buffer) return E_INVALIDARG;
	*buffer = self->bytes;
	return S_OK;
}
static HRESULT frame_get_timecode(Frame *self, uint32_t format, void **timecode) {
	(void)self; (void)format;
	if (timecode) *timecode = NULL;
	return E_NOTIMPL; /* the tests read timecodes from the log */
}
static HRESULT frame_get_ancillary(Frame *self, void **anc) { (void)self; if (anc) *anc = NULL; return E_NOTIMPL; }
static HRESULT frame_set_flags(Frame *self, uint32_t flags) { self->flags = flags; return S_OK; }
static HRESULT frame_set_timecode(Frame *self, uint32_t format, void *tc) { (void)self; (void)format; (void)tc; return E_NOTIMPL; }
static HRESULT frame_set_timecode_components(Frame *self, uint32_t format, uint8_t h, uint8_t m, uint8_t s, uint8_t f, uint32_t flags) {
	if (h > 23 || m > 59 || s > 59 || f > 59) return E_INVALIDARG;
	self->has_tc = true;
	self->tc_format = format;
	self->tc_h = h; self->tc_m = m; self->tc_s = s; self->tc_f = f;
	self->tc_flags = flags;
	return S_OK;
}
static HRESULT frame_set_ancillary(Frame *self, void *anc) { (void)self; (void)anc; return E_NOTIMPL; }
static HRESULT frame_set_user_bits(Frame *self, uint32_t format, uint32_t bits) { (void)self; (void)format; (void)bits; return S_OK; }

static void *frame_vtbl[] = {
	frame_qi, frame_addref, frame_release,
	/* IDeckLinkVideoFrame */
	frame_width, frame_height, frame_row_bytes, frame_pixel_format, frame_flags, frame_bytes, frame_get_timecode, frame_get_ancillary,
	never_destroyed, never_destroyed,
	/* IDeckLinkMutableVideoFrame */
	frame_set_flags, frame_set_timecode, frame_set_timecode_components, frame_set_ancillary, frame_set_user_bits,
};

/* ------------------------------------------------------------------------------- display mode objects */

typedef struct {
	void **vtbl;
	atomic_int refs;
	const Mode *mode;
} ModeObj;

static HRESULT mode_qi(ModeObj *self, REFIID iid, void **out) {
	if (!out) return E_INVALIDARG;
	if (same_iid(iid, IID_IUnknown) || same_iid(iid, IID_IDeckLinkDisplayMode)) {
		atomic_fetch_add(&self->refs, 1);
		*out = self;
		return S_OK;
	}
	*out = NULL;
	return E_NOINTERFACE;
}
static ULONG mode_addref(ModeObj *self) { return (ULONG)atomic_fetch_add(&self->refs, 1) + 1; }
static ULONG mode_release(ModeObj *self) {
	int left = atomic_fetch_sub(&self->refs, 1) - 1;
	if (left == 0) free(self);
	return (ULONG)(left < 0 ? 0 : left);
}
static HRESULT mode_name(ModeObj *self, const char **name) {
	if (!name) return E_INVALIDARG;
	*name = strdup(self->mode->name); /* the caller frees it, as with the real driver on Linux */
	return S_OK;
}
static uint32_t mode_mode(ModeObj *self) { return self->mode->mode; }
static long mode_width(ModeObj *self) { return self->mode->width; }
static long mode_height(ModeObj *self) { return self->mode->height; }
static HRESULT mode_rate(ModeObj *self, int64_t *duration, int64_t *scale) {
	if (duration) *duration = self->mode->duration;
	if (scale) *scale = self->mode->timescale;
	return S_OK;
}
static uint32_t mode_dominance(ModeObj *self) { return self->mode->dominance; }
static uint32_t mode_flags(ModeObj *self) { return self->mode->height < 720 ? (1u << 1) : (1u << 2); }

static void *mode_vtbl[] = {
	mode_qi, mode_addref, mode_release,
	mode_name, mode_mode, mode_width, mode_height, mode_rate, mode_dominance, mode_flags,
	never_destroyed, never_destroyed,
};

static ModeObj *new_mode(const Mode *m) {
	ModeObj *o = calloc(1, sizeof(ModeObj));
	o->vtbl = mode_vtbl;
	atomic_init(&o->refs, 1);
	o->mode = m;
	return o;
}

typedef struct {
	void **vtbl;
	atomic_int refs;
	int next;
} ModeIter;

static HRESULT modeiter_qi(ModeIter *self, REFIID iid, void **out) {
	if (!out) return E_INVALIDARG;
	if (same_iid(iid, IID_IUnknown) || same_iid(iid, IID_IDeckLinkDisplayModeIterator)) {
		atomic_fetch_add(&self->refs, 1);
		*out = self;
		return S_OK;
	}
	*out = NULL;
	return E_NOINTERFACE;
}
static ULONG modeiter_addref(ModeIter *self) { return (ULONG)atomic_fetch_add(&self->refs, 1) + 1; }
static ULONG modeiter_release(ModeIter *self) {
	int left = atomic_fetch_sub(&self->refs, 1) - 1;
	if (left == 0) free(self);
	return (ULONG)(left < 0 ? 0 : left);
}
static HRESULT modeiter_next(ModeIter *self, void **out) {
	if (!out) return E_INVALIDARG;
	if (self->next >= MODE_COUNT) {
		*out = NULL;
		return S_FALSE;
	}
	*out = new_mode(&MODES[self->next++]);
	return S_OK;
}
static void *modeiter_vtbl[] = {
	modeiter_qi, modeiter_addref, modeiter_release, modeiter_next, never_destroyed, never_destroyed,
};

/* ------------------------------------------------------------------------------- the device (IDeckLink and its interfaces) */

static HRESULT device_qi(Device *d, REFIID iid, void **out) {
	if (!out) return E_INVALIDARG;
	void *found = NULL;
	pthread_mutex_lock(&global);
	bool keying = cards[d->card].keying;
	pthread_mutex_unlock(&global);
	if (same_iid(iid, IID_IUnknown) || same_iid(iid, IID_IDeckLink)) found = d;
	else if (same_iid(iid, IID_IDeckLinkOutput)) found = &d->output;
	else if (same_iid(iid, IID_IDeckLinkProfileAttributes)) found = &d->attributes;
	else if (same_iid(iid, IID_IDeckLinkStatus)) found = &d->status;
	else if (same_iid(iid, IID_IDeckLinkKeyer) && keying) found = &d->keyer;
	if (!found) {
		*out = NULL;
		return E_NOINTERFACE;
	}
	atomic_fetch_add(&d->refs, 1);
	*out = found;
	return S_OK;
}
/* Devices are never freed: a client may hold one after its card was unplugged. */
static ULONG device_addref(Device *d) { return (ULONG)atomic_fetch_add(&d->refs, 1) + 1; }
static ULONG device_release(Device *d) {
	int left = atomic_fetch_sub(&d->refs, 1) - 1;
	return (ULONG)(left < 0 ? 0 : left);
}
static HRESULT device_model_name(Device *d, const char **name) {
	if (!name) return E_INVALIDARG;
	(void)d;
	*name = strdup("DeckLink Emulator");
	return S_OK;
}
static HRESULT device_display_name(Device *d, const char **name) {
	if (!name) return E_INVALIDARG;
	char buf[64];
	snprintf(buf, sizeof buf, "DeckLink Emulator (%d)", d->card + 1);
	*name = strdup(buf);
	return S_OK;
}
static void *device_vtbl[] = {
	device_qi, device_addref, device_release, device_model_name, device_display_name, never_destroyed, never_destroyed,
};

static HRESULT sub_qi(Sub *s, REFIID iid, void **out) { return device_qi(s->dev, iid, out); }
static ULONG sub_addref(Sub *s) { return device_addref(s->dev); }
static ULONG sub_release(Sub *s) { return device_release(s->dev); }

/* ---- IDeckLinkProfileAttributes */

static HRESULT attr_flag(Sub *s, uint32_t id, bool *value) {
	if (!value) return E_INVALIDARG;
	pthread_mutex_lock(&global);
	bool keying = cards[s->dev->card].keying;
	pthread_mutex_unlock(&global);
	switch (id) {
	case ATTR_INTERNAL_KEYING: case ATTR_EXTERNAL_KEYING: *value = keying; return S_OK;
	case ATTR_HAS_REFERENCE: *value = true; return S_OK;
	default: *value = false; return E_INVALIDARG;
	}
}
static HRESULT attr_int(Sub *s, uint32_t id, int64_t *value) {
	if (!value) return E_INVALIDARG;
	switch (id) {
	case ATTR_PERSISTENT_ID: *value = 0x100 + s->dev->card; return S_OK;
	case ATTR_SUBDEVICES: *value = 1; return S_OK;
	case ATTR_SUBDEVICE_INDEX: *value = 0; return S_OK;
	case ATTR_VIDEO_IO: *value = 2; return S_OK; /* playback */
	default: *value = 0; return E_INVALIDARG;
	}
}
static HRESULT attr_float(Sub *s, uint32_t id, double *value) { (void)s; (void)id; if (value) *value = 0; return E_INVALIDARG; }
static HRESULT attr_string(Sub *s, uint32_t id, const char **value) {
	if (!value) return E_INVALIDARG;
	if (id == ATTR_DISPLAY_NAME) return device_display_name(s->dev, value);
	if (id == ATTR_MODEL_NAME) return device_model_name(s->dev, value);
	*value = NULL;
	return E_INVALIDARG;
}
static void *attributes_vtbl[] = {
	sub_qi, sub_addref, sub_release, attr_flag, attr_int, attr_float, attr_string, never_destroyed, never_destroyed,
};

/* ---- IDeckLinkStatus */

static HRESULT status_flag(Sub *s, uint32_t id, bool *value) {
	if (!value) return E_INVALIDARG;
	if (id != STATUS_REF_LOCKED) return E_INVALIDARG;
	pthread_mutex_lock(&global);
	*value = cards[s->dev->card].reference_locked;
	pthread_mutex_unlock(&global);
	return S_OK;
}
static HRESULT status_int(Sub *s, uint32_t id, int64_t *value) {
	if (!value) return E_INVALIDARG;
	if (id != STATUS_REF_MODE) return E_INVALIDARG;
	pthread_mutex_lock(&global);
	*value = cards[s->dev->card].reference_locked ? cards[s->dev->card].reference_mode : MODE_UNKNOWN;
	pthread_mutex_unlock(&global);
	return S_OK;
}
static HRESULT status_float(Sub *s, uint32_t id, double *v) { (void)s; (void)id; if (v) *v = 0; return E_INVALIDARG; }
static HRESULT status_string(Sub *s, uint32_t id, const char **v) { (void)s; (void)id; if (v) *v = NULL; return E_INVALIDARG; }
static HRESULT status_bytes(Sub *s, uint32_t id, void *b, uint32_t *n) { (void)s; (void)id; (void)b; (void)n; return E_INVALIDARG; }
static void *status_vtbl[] = {
	sub_qi, sub_addref, sub_release, status_flag, status_int, status_float, status_string, status_bytes, never_destroyed, never_destroyed,
};

/* ---- IDeckLinkKeyer */

static HRESULT keyer_enable(Sub *s, bool external) {
	Device *d = s->dev;
	if (d->gone) return E_FAIL;
	pthread_mutex_lock(&d->lock);
	d->keyer_enabled = true;
	d->keyer_external = external;
	pthread_mutex_unlock(&d->lock);
	return S_OK;
}
static HRESULT keyer_level(Sub *s, uint8_t level) {
	Device *d = s->dev;
	if (d->gone) return E_FAIL;
	pthread_mutex_lock(&d->lock);
	d->keyer_level = level;
	pthread_mutex_unlock(&d->lock);
	return S_OK;
}
static HRESULT keyer_ramp(Sub *s, uint32_t frames) { (void)frames; return s->dev->gone ? E_FAIL : S_OK; }
static HRESULT keyer_disable(Sub *s) {
	Device *d = s->dev;
	pthread_mutex_lock(&d->lock);
	d->keyer_enabled = false;
	d->keyer_external = false;
	pthread_mutex_unlock(&d->lock);
	return d->gone ? E_FAIL : S_OK;
}
static void *keyer_vtbl[] = {
	sub_qi, sub_addref, sub_release, keyer_enable, keyer_level, keyer_ramp, keyer_ramp, keyer_disable, never_destroyed, never_destroyed,
};

/* ---- IDeckLinkOutput */

static void *playback_thread(void *arg);

static HRESULT out_supports(Sub *s, uint32_t connection, uint32_t mode, uint32_t pf, uint32_t conversion, uint32_t flags,
		uint32_t *actual, bool *supported) {
	(void)connection; (void)conversion;
	if (!supported) return E_INVALIDARG;
	const Mode *m = find_mode(mode);
	pthread_mutex_lock(&global);
	bool keying = cards[s->dev->card].keying;
	pthread_mutex_unlock(&global);
	bool ok = m && pixel_supported(m, pf);
	if (ok && (flags & SUPPORTED_MODE_KEYING)) ok = keying && pf == PF_BGRA && m->height <= 1080;
	*supported = ok;
	if (actual) *actual = ok ? mode : MODE_UNKNOWN;
	return s->dev->gone ? E_FAIL : S_OK;
}
static HRESULT out_display_mode(Sub *s, uint32_t mode, void **out) {
	(void)s;
	if (!out) return E_INVALIDARG;
	const Mode *m = find_mode(mode);
	if (!m) {
		*out = NULL;
		return E_INVALIDARG;
	}
	*out = new_mode(m);
	return S_OK;
}
static HRESULT out_mode_iterator(Sub *s, void **out) {
	if (!out) return E_INVALIDARG;
	if (s->dev->gone) {
		*out = NULL;
		return E_FAIL;
	}
	ModeIter *it = calloc(1, sizeof(ModeIter));
	it->vtbl = modeiter_vtbl;
	atomic_init(&it->refs, 1);
	*out = it;
	return S_OK;
}
static HRESULT out_not_impl(Sub *s) { (void)s; return E_NOTIMPL; }

static HRESULT out_enable(Sub *s, uint32_t mode, uint32_t flags) {
	Device *d = s->dev;
	const Mode *m = find_mode(mode);
	if (!m) return E_INVALIDARG;
	pthread_mutex_lock(&d->lock);
	if (d->gone || d->enabled) {
		pthread_mutex_unlock(&d->lock);
		return d->gone ? E_FAIL : E_ACCESSDENIED;
	}
	d->enabled = true;
	d->mode = m;
	d->output_flags = flags;
	d->quit = false;
	d->queued = 0;
	d->playing = false;
	d->stop_requested = false;
	d->on_air = NULL;
	if (pthread_create(&d->thread, NULL, playback_thread, d) == 0) {
		d->thread_running = true;
	}
	pthread_mutex_unlock(&d->lock);
	return d->thread_running ? S_OK : E_FAIL;
}

/* Stops the playback thread; frames it still holds are given back without callbacks (the hardware is gone or disabled). */
static void stop_thread(Device *d) {
	pthread_mutex_lock(&d->lock);
	bool running = d->thread_running;
	d->quit = true;
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
	if (running && !pthread_equal(pthread_self(), d->thread)) {
		pthread_join(d->thread, NULL);
	}
	pthread_mutex_lock(&d->lock);
	d->thread_running = false;
	for (int i = 0; i < d->queued; i++) frame_release(d->queue[i].frame);
	d->queued = 0;
	if (d->on_air) frame_release(d->on_air);
	d->on_air = NULL;
	d->playing = false;
	pthread_mutex_unlock(&d->lock);
}

static HRESULT out_disable(Sub *s) {
	Device *d = s->dev;
	pthread_mutex_lock(&d->lock);
	bool enabled = d->enabled;
	pthread_mutex_unlock(&d->lock);
	if (!enabled) return d->gone ? E_FAIL : S_OK;
	stop_thread(d);
	pthread_mutex_lock(&d->lock);
	d->enabled = false;
	pthread_mutex_unlock(&d->lock);
	return S_OK;
}

static HRESULT out_create_frame(Sub *s, int32_t width, int32_t height, int32_t row_bytes, uint32_t pf, uint32_t flags, void **out) {
	if (!out) return E_INVALIDARG;
	*out = NULL;
	if (s->dev->gone) return E_FAIL;
	int64_t min_row = row_bytes_for(pf, width);
	if (width < 1 || height < 1 || min_row < 0 || row_bytes < min_row) return E_INVALIDARG;
	Frame *f = calloc(1, sizeof(Frame));
	if (!f) return E_OUTOFMEMORY;
	f->bytes = calloc((size_t)row_bytes, (size_t)height);
	if (!f->bytes) {
		free(f);
		return E_OUTOFMEMORY;
	}
	f->vtbl = frame_vtbl;
	atomic_init(&f->refs, 1);
	f->width = width;
	f->height = height;
	f->row_bytes = row_bytes;
	f->pixel_format = pf;
	f->flags = flags;
	atomic_fetch_add(&outstanding_frames, 1);
	atomic_fetch_add(&created_frames, 1);
	*out = f;
	return S_OK;
}

static int64_t rescale(int64_t value, int64_t from_scale, int64_t to_scale) {
	if (from_scale == to_scale) return value;
	return (int64_t)((__int128)value * to_scale / from_scale);
}

static HRESULT out_schedule(Sub *s, Frame *frame, int64_t time, int64_t duration, int64_t scale) {
	(void)duration;
	Device *d = s->dev;
	if (!frame || scale <= 0) return E_INVALIDARG;
	pthread_mutex_lock(&d->lock);
	if (d->gone || !d->enabled || !d->mode) {
		pthread_mutex_unlock(&d->lock);
		return E_FAIL;
	}
	if (frame->width != d->mode->width || frame->height != d->mode->height) {
		pthread_mutex_unlock(&d->lock);
		return E_INVALIDARG;
	}
	if (d->queued == MAX_QUEUE) {
		pthread_mutex_unlock(&d->lock);
		return E_ACCESSDENIED;
	}
	int64_t t = rescale(time, scale, d->mode->timescale);
	int at = d->queued;
	while (at > 0 && d->queue[at - 1].time > t) at--;
	memmove(&d->queue[at + 1], &d->queue[at], (size_t)(d->queued - at) * sizeof(Queued));
	frame_addref(frame); /* the device holds the frame until it has reported it */
	d->queue[at].frame = frame;
	d->queue[at].time = t;
	d->queue[at].arrival_ns = now_ns();
	d->queued++;
	pthread_mutex_lock(&global);
	cards[d->card].scheduled++;
	pthread_mutex_unlock(&global);
	pthread_mutex_unlock(&d->lock);
	return S_OK;
}

static HRESULT out_set_callback(Sub *s, void *callback) {
	Device *d = s->dev;
	if (callback && !foreign_implements(callback, IID_IDeckLinkVideoOutputCallback)) return E_NOINTERFACE;
	if (callback) foreign_addref(callback);
	pthread_mutex_lock(&d->lock);
	void *old = d->callback;
	d->callback = callback;
	pthread_mutex_unlock(&d->lock);
	if (old) foreign_release(old);
	return S_OK;
}

static HRESULT out_buffered(Sub *s, uint32_t *count) {
	if (!count) return E_INVALIDARG;
	Device *d = s->dev;
	pthread_mutex_lock(&d->lock);
	*count = (uint32_t)d->queued;
	pthread_mutex_unlock(&d->lock);
	return d->gone ? E_FAIL : S_OK;
}

static HRESULT out_start(Sub *s, int64_t start_time, int64_t scale, double speed) {
	Device *d = s->dev;
	if (scale <= 0 || speed != 1.0) return E_INVALIDARG;
	pthread_mutex_lock(&d->lock);
	if (d->gone || !d->enabled || d->playing || d->stop_requested) {
		HRESULT r = d->gone || !d->enabled ? E_FAIL : E_ACCESSDENIED;
		pthread_mutex_unlock(&d->lock);
		return r;
	}
	int64_t t = rescale(start_time, scale, d->mode->timescale);
	d->start_time = t;
	d->next_slot = t / d->mode->duration;
	d->start_ns = now_ns();
	d->playing = true;
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
	return S_OK;
}

static HRESULT out_stop(Sub *s, int64_t stop_at, int64_t *actual, int64_t scale) {
	(void)stop_at; (void)scale; /* 0: stop now, the only form Genlock uses */
	Device *d = s->dev;
	pthread_mutex_lock(&d->lock);
	if (actual) *actual = 0;
	if (d->playing) {
		d->stop_requested = true;
		pthread_cond_broadcast(&d->cond);
	}
	pthread_mutex_unlock(&d->lock);
	return d->gone ? E_FAIL : S_OK;
}

static HRESULT out_is_running(Sub *s, bool *active) {
	if (!active) return E_INVALIDARG;
	Device *d = s->dev;
	pthread_mutex_lock(&d->lock);
	*active = d->playing;
	pthread_mutex_unlock(&d->lock);
	return S_OK;
}

static HRESULT out_stream_time(Sub *s, int64_t scale, int64_t *stream_time, double *speed) {
	Device *d = s->dev;
	if (!stream_time || scale <= 0) return E_INVALIDARG;
	pthread_mutex_lock(&d->lock);
	if (!d->playing || d->gone) {
		*stream_time = 0;
		if (speed) *speed = 0;
		pthread_mutex_unlock(&d->lock);
		return d->gone ? E_FAIL : S_OK;
	}
	int64_t elapsed = now_ns() - d->start_ns;
	int64_t ticks = (int64_t)((__int128)elapsed * d->mode->timescale / 1000000000L);
	*stream_time = rescale(d->start_time + ticks, d->mode->timescale, scale);
	if (speed) *speed = 1.0;
	pthread_mutex_unlock(&d->lock);
	return S_OK;
}

static HRESULT out_reference(Sub *s, uint32_t *status) {
	if (!status) return E_INVALIDARG;
	pthread_mutex_lock(&global);
	*status = cards[s->dev->card].reference_locked ? REFERENCE_LOCKED : 0;
	pthread_mutex_unlock(&global);
	return s->dev->gone ? E_FAIL : S_OK;
}


/* ---- audio */

#define AUDIO_RATE_48K 48000u
#define AUDIO_TYPE_16 16u
#define AUDIO_TYPE_32 32u
#define AUDIO_STREAM_TIMESTAMPED 2u

static void audio_log_line(Card *c, const char *line) {
	pthread_mutex_lock(&global);
	if (c->audio_log) {
		fputs(line, c->audio_log);
		fflush(c->audio_log);
	}
	pthread_mutex_unlock(&global);
}

static HRESULT out_enable_audio(Sub *s, uint32_t rate, uint32_t type, uint32_t channels, uint32_t stream) {
	Device *d = s->dev;
	if (rate != AUDIO_RATE_48K || (type != AUDIO_TYPE_16 && type != AUDIO_TYPE_32)
			|| (channels != 2 && channels != 8 && channels != 16) || stream > AUDIO_STREAM_TIMESTAMPED) {
		return E_INVALIDARG;
	}
	pthread_mutex_lock(&d->lock);
	if (d->gone || d->audio_enabled) {
		pthread_mutex_unlock(&d->lock);
		return d->gone ? E_FAIL : E_ACCESSDENIED;
	}
	d->audio_enabled = true;
	d->audio_channels = channels;
	d->audio_sample_type = type;
	pthread_mutex_unlock(&d->lock);
	Card *c = &cards[d->card];
	pthread_mutex_lock(&global);
	c->audio_enables++;
	pthread_mutex_unlock(&global);
	char line[96];
	snprintf(line, sizeof line, "enable %u %u %u %u\n", rate, type, channels, stream);
	audio_log_line(c, line);
	return S_OK;
}

static HRESULT out_disable_audio(Sub *s) {
	Device *d = s->dev;
	pthread_mutex_lock(&d->lock);
	bool was = d->audio_enabled;
	d->audio_enabled = false;
	pthread_mutex_unlock(&d->lock);
	if (!was) return d->gone ? E_FAIL : S_OK;
	Card *c = &cards[d->card];
	pthread_mutex_lock(&global);
	c->audio_disables++;
	pthread_mutex_unlock(&global);
	audio_log_line(c, "disable\n");
	return S_OK;
}

static HRESULT out_schedule_audio(Sub *s, void *buffer, uint32_t count, int64_t stream_time, int64_t scale, uint32_t *written) {
	Device *d = s->dev;
	if (written) *written = 0;
	if (!written || (!buffer && count > 0)) return E_INVALIDARG;
	pthread_mutex_lock(&d->lock);
	if (d->gone || !d->audio_enabled) {
		pthread_mutex_unlock(&d->lock);
		return d->gone ? E_FAIL : E_ACCESSDENIED;
	}
	size_t frame_bytes = (size_t)d->audio_channels * (d->audio_sample_type / 8);
	pthread_mutex_unlock(&d->lock);
	if (scale <= 0) return E_INVALIDARG;
	Card *c = &cards[d->card];
	pthread_mutex_lock(&global);
	uint32_t limit = c->audio_limit;
	bool logging = c->audio_log != NULL;
	pthread_mutex_unlock(&global);
	uint32_t taken = limit > 0 && count > limit ? limit : count;
	char hex[2 * SHA256_DIGEST_LENGTH + 1] = "-";
	if (logging) {
		unsigned char digest[SHA256_DIGEST_LENGTH];
		SHA256(buffer, (size_t)taken * frame_bytes, digest);
		for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) sprintf(hex + 2 * i, "%02x", digest[i]);
	}
	pthread_mutex_lock(&global);
	c->audio_calls++;
	c->audio_written += taken;
	if (taken < count) c->audio_short++;
	pthread_mutex_unlock(&global);
	char line[256];
	snprintf(line, sizeof line, "samples %lld %lld %u %u %s\n", (long long)stream_time, (long long)scale, count, taken, hex);
	audio_log_line(c, line);
	*written = taken;
	return S_OK;
}

static void *output_vtbl[] = {
	sub_qi, sub_addref, sub_release,
	out_supports,        /* 3 DoesSupportVideoMode */
	out_display_mode,    /* 4 GetDisplayMode */
	out_mode_iterator,   /* 5 GetDisplayModeIterator */
	out_not_impl,        /* 6 SetScreenPreviewCallback */
	out_enable,          /* 7 EnableVideoOutput */
	out_disable,         /* 8 DisableVideoOutput */
	out_not_impl,        /* 9 SetVideoOutputFrameMemoryAllocator */
	out_create_frame,    /* 10 CreateVideoFrame */
	out_not_impl,        /* 11 CreateAncillaryData */
	out_not_impl,        /* 12 DisplayVideoFrameSync */
	out_schedule,        /* 13 ScheduleVideoFrame */
	out_set_callback,    /* 14 SetScheduledFrameCompletionCallback */
	out_buffered,        /* 15 GetBufferedVideoFrameCount */
	out_enable_audio,    /* 16 EnableAudioOutput */
	out_disable_audio,   /* 17 DisableAudioOutput */
	out_not_impl,        /* 18 WriteAudioSamplesSync */
	out_not_impl,        /* 19 BeginAudioPreroll */
	out_not_impl,        /* 20 EndAudioPreroll */
	out_schedule_audio,  /* 21 ScheduleAudioSamples */
	out_not_impl,        /* 22 GetBufferedAudioSampleFrameCount */
	out_not_impl,        /* 23 FlushBufferedAudioSamples */
	out_not_impl,        /* 24 SetAudioCallback */
	out_start,           /* 25 StartScheduledPlayback */
	out_stop,            /* 26 StopScheduledPlayback */
	out_is_running,      /* 27 IsScheduledPlaybackRunning */
	out_stream_time,     /* 28 GetScheduledStreamTime */
	out_reference,       /* 29 GetReferenceStatus */
	out_not_impl,        /* 30 GetHardwareReferenceClock */
	out_not_impl,        /* 31 GetFrameCompletionReferenceTimestamp */
	never_destroyed, never_destroyed,
};

/* ------------------------------------------------------------------------------- playback */

typedef struct {
	Frame *frame;
	int result;
} Report;

/* Hashes outside the global lock (a 1080p frame takes milliseconds), writes under it. */
static void log_frame(Card *c, Frame *f, int64_t index) {
	pthread_mutex_lock(&global);
	bool logging = c->log != NULL;
	pthread_mutex_unlock(&global);
	if (!logging) return;
	unsigned char digest[SHA256_DIGEST_LENGTH];
	SHA256(f->bytes, (size_t)f->row_bytes * (size_t)f->height, digest);
	char hex[2 * SHA256_DIGEST_LENGTH + 1];
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) sprintf(hex + 2 * i, "%02x", digest[i]);
	pthread_mutex_lock(&global);
	if (!c->log) {
		pthread_mutex_unlock(&global);
		return;
	}
	if (f->has_tc) {
		fprintf(c->log, "%lld %s %02u:%02u:%02u:%02u %x %s\n", (long long)index, hex, f->tc_h, f->tc_m, f->tc_s, f->tc_f,
				f->tc_flags, f->tc_format == TC_VITC ? "vitc" : "rp188");
	} else {
		fprintf(c->log, "%lld %s - 0 none\n", (long long)index, hex);
	}
	fflush(c->log);
	pthread_mutex_unlock(&global);
}

static void deliver(Device *d, void *callback, Report *reports, int n) {
	for (int i = 0; i < n; i++) {
		if (callback) ((fn_completed)((Foreign *)callback)->vtbl[3])(callback, reports[i].frame, (uint32_t)reports[i].result);
		frame_release(reports[i].frame);
	}
	(void)d;
}

static void count_result(Card *c, int result) {
	switch (result) {
	case COMPLETED: c->completed++; break;
	case DISPLAYED_LATE: c->late++; break;
	case DROPPED: c->dropped++; break;
	default: c->flushed++; break;
	}
}

static void *playback_thread(void *arg) {
	Device *d = arg;
	Card *c = &cards[d->card];
	Report *reports = calloc(MAX_QUEUE + 2, sizeof(Report));
	pthread_mutex_lock(&d->lock);
	while (!d->quit) {
		if (d->stop_requested) {
			int n = 0;
			if (d->on_air) reports[n++] = (Report){d->on_air, FLUSHED};
			d->on_air = NULL;
			for (int i = 0; i < d->queued; i++) reports[n++] = (Report){d->queue[i].frame, FLUSHED};
			d->queued = 0;
			d->playing = false;
			d->stop_requested = false;
			void *cb = d->callback;
			if (cb) foreign_addref(cb);
			pthread_mutex_lock(&global);
			c->flushed += n;
			if (c->log) fflush(c->log);
			pthread_mutex_unlock(&global);
			pthread_mutex_unlock(&d->lock);
			deliver(d, cb, reports, n);
			if (cb) {
				((fn_stopped)((Foreign *)cb)->vtbl[4])(cb);
				foreign_release(cb);
			}
			pthread_mutex_lock(&d->lock);
			continue;
		}
		if (!d->playing) {
			pthread_cond_wait(&d->cond, &d->lock);
			continue;
		}
		const Mode *m = d->mode;
		int64_t slot = d->next_slot;
		int64_t deadline = d->start_ns + (int64_t)((__int128)(slot * m->duration - d->start_time) * 1000000000L / m->timescale);
		int64_t now = now_ns();
		if (now < deadline) {
			struct timespec ts = {deadline / 1000000000L, deadline % 1000000000L};
			pthread_cond_timedwait(&d->cond, &d->lock, &ts);
			continue; /* re-check stop, quit and time */
		}
		/* slot is on air now */
		int64_t slot_time = slot * m->duration;
		int n = 0;
		Frame *candidate = NULL;
		int64_t candidate_time = 0;
		bool late = false;
		int past = 0;
		while (past < d->queued && d->queue[past].time < slot_time) past++;
		if (past < d->queued && d->queue[past].time < slot_time + m->duration) {
			candidate = d->queue[past].frame;
			candidate_time = d->queue[past].time;
			for (int i = 0; i < past; i++) reports[n++] = (Report){d->queue[i].frame, DROPPED};
			memmove(&d->queue[0], &d->queue[past + 1], (size_t)(d->queued - past - 1) * sizeof(Queued));
			d->queued -= past + 1;
		} else if (past > 0) {
			/* frames whose time passed: the newest is shown now, late; older ones are dropped */
			candidate = d->queue[past - 1].frame;
			candidate_time = d->queue[past - 1].time;
			late = true;
			for (int i = 0; i < past - 1; i++) reports[n++] = (Report){d->queue[i].frame, DROPPED};
			memmove(&d->queue[0], &d->queue[past], (size_t)(d->queued - past) * sizeof(Queued));
			d->queued -= past;
		}
		pthread_mutex_lock(&global);
		bool show = false;
		int result = COMPLETED;
		if (candidate) {
			c->candidates++;
			if (c->drop_every > 0 && c->candidates % c->drop_every == 0) {
				reports[n++] = (Report){candidate, DROPPED};
			} else {
				show = true;
				c->played++;
				if (late || (c->late_every > 0 && c->played % c->late_every == 0)) result = DISPLAYED_LATE;
			}
		}
		int stall_ms = (show && c->stall_every > 0 && c->played % c->stall_every == 0) ? c->stall_ms : 0;
		pthread_mutex_unlock(&global);
		if (show) {
			if (d->on_air) reports[n++] = (Report){d->on_air, d->on_air_result};
			d->on_air = candidate;
			d->on_air_time = candidate_time;
			d->on_air_result = result;
		}
		d->next_slot = slot + 1;
		void *cb = d->callback;
		if (cb) foreign_addref(cb);
		pthread_mutex_lock(&global);
		for (int i = 0; i < n; i++) count_result(c, reports[i].result);
		pthread_mutex_unlock(&global);
		pthread_mutex_unlock(&d->lock);
		if (show) log_frame(c, candidate, candidate_time / m->duration);
		deliver(d, cb, reports, n);
		if (cb) foreign_release(cb);
		if (stall_ms > 0) {
			struct timespec ts = {stall_ms / 1000, (stall_ms % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
		pthread_mutex_lock(&d->lock);
		if (stall_ms > 0 && d->playing) {
			/* the output was lost for the stall: the slots that passed are missed */
			int64_t elapsed = now_ns() - d->start_ns;
			int64_t current = d->start_time / m->duration + (int64_t)((__int128)elapsed * m->timescale / (1000000000L * (__int128)m->duration));
			if (current > d->next_slot) d->next_slot = current;
		}
	}
	pthread_mutex_unlock(&d->lock);
	free(reports);
	return NULL;
}

/* ------------------------------------------------------------------------------- arrivals */

static Device *new_device(int card) {
	Device *d = calloc(1, sizeof(Device));
	d->vtbl = device_vtbl;
	atomic_init(&d->refs, 1); /* the card's own reference, never dropped */
	d->card = card;
	d->output = (Sub){output_vtbl, d};
	d->attributes = (Sub){attributes_vtbl, d};
	d->keyer = (Sub){keyer_vtbl, d};
	d->status = (Sub){status_vtbl, d};
	pthread_mutex_init(&d->lock, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&d->cond, &attr);
	pthread_condattr_destroy(&attr);
	return d;
}

/* Caller holds global. */
static Device *device_of(int card) {
	if (!cards[card].present) return NULL;
	if (!cards[card].device) cards[card].device = new_device(card);
	return cards[card].device;
}

/* ---- discovery */

#define MAX_EVENTS 64

typedef struct Discovery {
	void **vtbl;
	atomic_int refs;
	void *callback;
	pthread_t thread;
	bool running, quit;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct { Device *device; bool arrived; } events[MAX_EVENTS];
	int head, count;
	struct Discovery *next_installed;
} Discovery;

static Discovery *installed; /* guarded by global */

static void post(Discovery *x, Device *d, bool arrived) {
	pthread_mutex_lock(&x->lock);
	if (x->count < MAX_EVENTS) {
		int at = (x->head + x->count) % MAX_EVENTS;
		x->events[at].device = d;
		x->events[at].arrived = arrived;
		x->count++;
		pthread_cond_broadcast(&x->cond);
	}
	pthread_mutex_unlock(&x->lock);
}

static void *notifier_thread(void *arg) {
	Discovery *x = arg;
	pthread_mutex_lock(&x->lock);
	while (true) {
		while (x->count == 0 && !x->quit) pthread_cond_wait(&x->cond, &x->lock);
		if (x->quit) break;
		Device *d = x->events[x->head].device;
		bool arrived = x->events[x->head].arrived;
		x->head = (x->head + 1) % MAX_EVENTS;
		x->count--;
		void *cb = x->callback;
		pthread_mutex_unlock(&x->lock);
		if (cb) {
			device_addref(d);
			((fn_device)((Foreign *)cb)->vtbl[arrived ? 3 : 4])(cb, d);
			device_release(d);
		}
		pthread_mutex_lock(&x->lock);
	}
	pthread_mutex_unlock(&x->lock);
	return NULL;
}

static HRESULT discovery_qi(Discovery *self, REFIID iid, void **out) {
	if (!out) return E_INVALIDARG;
	if (same_iid(iid, IID_IUnknown) || same_iid(iid, IID_IDeckLinkDiscovery)) {
		atomic_fetch_add(&self->refs, 1);
		*out = self;
		return S_OK;
	}
	*out = NULL;
	return E_NOINTERFACE;
}
static ULONG discovery_addref(Discovery *self) { return (ULONG)atomic_fetch_add(&self->refs, 1) + 1; }
static HRESULT discovery_uninstall(Discovery *self);
static ULONG discovery_release(Discovery *self) {
	int left = atomic_fetch_sub(&self->refs, 1) - 1;
	if (left == 0) {
		discovery_uninstall(self);
		pthread_mutex_destroy(&self->lock);
		pthread_cond_destroy(&self->cond);
		free(self);
	}
	return (ULONG)(left < 0 ? 0 : left);
}
static HRESULT discovery_install(Discovery *self, void *callback) {
	if (!callback) return E_INVALIDARG;
	if (!foreign_implements(callback, IID_IDeckLinkDeviceNotificationCallback)) return E_NOINTERFACE;
	pthread_mutex_lock(&self->lock);
	if (self->running) {
		pthread_mutex_unlock(&self->lock);
		return E_FAIL;
	}
	foreign_addref(callback);
	self->callback = callback;
	self->quit = false;
	self->head = self->count = 0;
	self->running = pthread_create(&self->thread, NULL, notifier_thread, self) == 0;
	pthread_mutex_unlock(&self->lock);
	pthread_mutex_lock(&global);
	ensure_configured_locked();
	for (int i = 0; i < MAX_CARDS; i++) {
		Device *d = device_of(i);
		if (d) post(self, d, true);
	}
	self->next_installed = installed;
	installed = self;
	pthread_mutex_unlock(&global);
	return S_OK;
}
static HRESULT discovery_uninstall(Discovery *self) {
	pthread_mutex_lock(&global);
	for (Discovery **p = &installed; *p; p = &(*p)->next_installed) {
		if (*p == self) {
			*p = self->next_installed;
			break;
		}
	}
	pthread_mutex_unlock(&global);
	pthread_mutex_lock(&self->lock);
	bool running = self->running;
	self->quit = true;
	pthread_cond_broadcast(&self->cond);
	pthread_mutex_unlock(&self->lock);
	if (running && !pthread_equal(pthread_self(), self->thread)) pthread_join(self->thread, NULL);
	pthread_mutex_lock(&self->lock);
	self->running = false;
	void *cb = self->callback;
	self->callback = NULL;
	pthread_mutex_unlock(&self->lock);
	if (cb) foreign_release(cb);
	return S_OK;
}
static void *discovery_vtbl[] = {
	discovery_qi, discovery_addref, discovery_release, discovery_install, discovery_uninstall, never_destroyed, never_destroyed,
};

/* ---- iterator */

typedef struct {
	void **vtbl;
	atomic_int refs;
	int next;
} Iterator;

static HRESULT iterator_qi(Iterator *self, REFIID iid, void **out) {
	if (!out) return E_INVALIDARG;
	if (same_iid(iid, IID_IUnknown) || same_iid(iid, IID_IDeckLinkIterator)) {
		atomic_fetch_add(&self->refs, 1);
		*out = self;
		return S_OK;
	}
	*out = NULL;
	return E_NOINTERFACE;
}
static ULONG iterator_addref(Iterator *self) { return (ULONG)atomic_fetch_add(&self->refs, 1) + 1; }
static ULONG iterator_release(Iterator *self) {
	int left = atomic_fetch_sub(&self->refs, 1) - 1;
	if (left == 0) free(self);
	return (ULONG)(left < 0 ? 0 : left);
}
static HRESULT iterator_next(Iterator *self, void **out) {
	if (!out) return E_INVALIDARG;
	pthread_mutex_lock(&global);
	ensure_configured_locked();
	while (self->next < MAX_CARDS) {
		Device *d = device_of(self->next++);
		if (d) {
			device_addref(d);
			pthread_mutex_unlock(&global);
			*out = d;
			return S_OK;
		}
	}
	pthread_mutex_unlock(&global);
	*out = NULL;
	return S_FALSE;
}
static void *iterator_vtbl[] = {
	iterator_qi, iterator_addref, iterator_release, iterator_next, never_destroyed, never_destroyed,
};

/* ---- API information */

typedef struct { void **vtbl; } ApiInfo;
static HRESULT api_qi(ApiInfo *self, REFIID iid, void **out) {
	if (!out) return E_INVALIDARG;
	if (same_iid(iid, IID_IUnknown) || same_iid(iid, IID_IDeckLinkAPIInformation)) {
		*out = self;
		return S_OK;
	}
	*out = NULL;
	return E_NOINTERFACE;
}
static ULONG api_ref(ApiInfo *self) { (void)self; return 1; }
static HRESULT api_flag(ApiInfo *self, uint32_t id, bool *v) { (void)self; (void)id; if (v) *v = false; return E_INVALIDARG; }
static HRESULT api_int(ApiInfo *self, uint32_t id, int64_t *v) {
	(void)self;
	if (!v || id != API_VERSION) return E_INVALIDARG;
	*v = 0x0c020200;
	return S_OK;
}
static HRESULT api_float(ApiInfo *self, uint32_t id, double *v) { (void)self; (void)id; if (v) *v = 0; return E_INVALIDARG; }
static HRESULT api_string(ApiInfo *self, uint32_t id, const char **v) {
	(void)self;
	if (!v || id != API_VERSION) return E_INVALIDARG;
	*v = strdup("12.2.2 (Genlock test emulator)");
	return S_OK;
}
static void *api_vtbl[] = { api_qi, api_ref, api_ref, api_flag, api_int, api_float, api_string, never_destroyed, never_destroyed };
static ApiInfo api_info = { api_vtbl };

/* ------------------------------------------------------------------------------- the driver's exported entry points */

__attribute__((visibility("default"))) void *CreateDeckLinkIteratorInstance_0004(void) {
	Iterator *it = calloc(1, sizeof(Iterator));
	it->vtbl = iterator_vtbl;
	atomic_init(&it->refs, 1);
	return it;
}

__attribute__((visibility("default"))) void *CreateDeckLinkDiscoveryInstance_0003(void) {
	Discovery *x = calloc(1, sizeof(Discovery));
	x->vtbl = discovery_vtbl;
	atomic_init(&x->refs, 1);
	pthread_mutex_init(&x->lock, NULL);
	pthread_cond_init(&x->cond, NULL);
	return x;
}

__attribute__((visibility("default"))) void *CreateDeckLinkAPIInformationInstance_0001(void) { return &api_info; }

/* ------------------------------------------------------------------------------- the test's control panel */

static bool card_ok(int card) { return card >= 0 && card < MAX_CARDS; }

/* "devices=N" (cards present), "nokeyer=I" (card I has no keyer); before discovery starts. */
__attribute__((visibility("default"))) int genlock_emu_configure(const char *spec) {
	pthread_mutex_lock(&global);
	card_count = -1;
	ensure_configured_locked();
	int n = card_count;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", spec ? spec : "");
	char *save = NULL;
	for (char *tok = strtok_r(buf, "; ,", &save); tok; tok = strtok_r(NULL, "; ,", &save)) {
		if (strncmp(tok, "devices=", 8) == 0) n = atoi(tok + 8);
		else if (strncmp(tok, "nokeyer=", 8) == 0 && card_ok(atoi(tok + 8))) cards[atoi(tok + 8)].keying = false;
	}
	if (n < 0) n = 0;
	if (n > MAX_CARDS) n = MAX_CARDS;
	card_count = n;
	for (int i = 0; i < MAX_CARDS; i++) cards[i].present = i < n;
	pthread_mutex_unlock(&global);
	return n;
}

static int set_present(int card, bool present) {
	if (!card_ok(card)) return -1;
	pthread_mutex_lock(&global);
	ensure_configured_locked();
	if (cards[card].present == present) {
		pthread_mutex_unlock(&global);
		return 0;
	}
	Device *old = cards[card].device;
	cards[card].present = present;
	Device *d;
	if (present) {
		d = device_of(card);
	} else {
		d = old;
		cards[card].device = NULL;
		if (d) d->gone = true;
	}
	pthread_mutex_unlock(&global);
	if (!present && d) stop_thread(d); /* the hardware is gone: nothing more is played or reported */
	pthread_mutex_lock(&global);
	for (Discovery *x = installed; x; x = x->next_installed) {
		if (d) post(x, d, present);
	}
	pthread_mutex_unlock(&global);
	return 1;
}

__attribute__((visibility("default"))) int genlock_emu_unplug(int card) { return set_present(card, false); }
__attribute__((visibility("default"))) int genlock_emu_plug(int card) { return set_present(card, true); }

__attribute__((visibility("default"))) int genlock_emu_faults(int card, int late_every, int drop_every, int stall_every, int stall_ms) {
	if (!card_ok(card)) return -1;
	pthread_mutex_lock(&global);
	cards[card].late_every = late_every;
	cards[card].drop_every = drop_every;
	cards[card].stall_every = stall_every;
	cards[card].stall_ms = stall_ms;
	cards[card].candidates = 0;
	pthread_mutex_unlock(&global);
	return 0;
}

/* Starts a new log (truncated) or ends it (path NULL or empty). */
__attribute__((visibility("default"))) int genlock_emu_log(int card, const char *path) {
	if (!card_ok(card)) return -1;
	pthread_mutex_lock(&global);
	if (cards[card].log) fclose(cards[card].log);
	cards[card].log = NULL;
	int r = 0;
	if (path && *path) {
		cards[card].log = fopen(path, "w");
		r = cards[card].log ? 0 : -errno;
	}
	pthread_mutex_unlock(&global);
	return r;
}

__attribute__((visibility("default"))) int genlock_emu_reference(int card, int locked, uint32_t mode) {
	if (!card_ok(card)) return -1;
	pthread_mutex_lock(&global);
	cards[card].reference_locked = locked != 0;
	cards[card].reference_mode = mode;
	pthread_mutex_unlock(&global);
	return 0;
}

/* Frames created and not yet released by everyone (the client and the device). */
__attribute__((visibility("default"))) long genlock_emu_outstanding_frames(void) { return atomic_load(&outstanding_frames); }
__attribute__((visibility("default"))) long genlock_emu_created_frames(void) { return atomic_load(&created_frames); }
__attribute__((visibility("default"))) long genlock_emu_misuse(void) { return atomic_load(&misuse); }

/* enabled, external, level; -1 when the card has no current device. */
__attribute__((visibility("default"))) int genlock_emu_keyer(int card, int *out) {
	if (!card_ok(card) || !out) return -1;
	pthread_mutex_lock(&global);
	Device *d = cards[card].device;
	pthread_mutex_unlock(&global);
	if (!d) return -1;
	pthread_mutex_lock(&d->lock);
	out[0] = d->keyer_enabled;
	out[1] = d->keyer_external;
	out[2] = d->keyer_level;
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/* scheduled, played, completed, late, dropped, flushed, buffered, playing, output enabled */
__attribute__((visibility("default"))) int genlock_emu_stats(int card, long *out) {
	if (!card_ok(card) || !out) return -1;
	pthread_mutex_lock(&global);
	Card *c = &cards[card];
	out[0] = c->scheduled; out[1] = c->played; out[2] = c->completed; out[3] = c->late;
	out[4] = c->dropped; out[5] = c->flushed;
	Device *d = c->device;
	pthread_mutex_unlock(&global);
	out[6] = out[7] = out[8] = 0;
	if (d) {
		pthread_mutex_lock(&d->lock);
		out[6] = d->queued;
		out[7] = d->playing;
		out[8] = d->enabled;
		pthread_mutex_unlock(&d->lock);
	}
	return 0;
}

/* Starts a new audio log (truncated) or ends it (path NULL or empty); see the header for its lines. */
__attribute__((visibility("default"))) int genlock_emu_audio_log(int card, const char *path) {
	if (!card_ok(card)) return -1;
	pthread_mutex_lock(&global);
	if (cards[card].audio_log) fclose(cards[card].audio_log);
	cards[card].audio_log = NULL;
	int r = 0;
	if (path && *path) {
		cards[card].audio_log = fopen(path, "w");
		r = cards[card].audio_log ? 0 : -errno;
	}
	pthread_mutex_unlock(&global);
	return r;
}

/* The most sample frames one ScheduleAudioSamples takes from now on (0: all it is given). */
__attribute__((visibility("default"))) int genlock_emu_audio_limit(int card, uint32_t max_sample_frames) {
	if (!card_ok(card)) return -1;
	pthread_mutex_lock(&global);
	cards[card].audio_limit = max_sample_frames;
	pthread_mutex_unlock(&global);
	return 0;
}

/* audio enabled, channels, sample type, enables, disables, ScheduleAudioSamples calls, sample frames written, short calls */
__attribute__((visibility("default"))) int genlock_emu_audio(int card, long *out) {
	if (!card_ok(card) || !out) return -1;
	pthread_mutex_lock(&global);
	Card *c = &cards[card];
	out[3] = c->audio_enables; out[4] = c->audio_disables; out[5] = c->audio_calls;
	out[6] = c->audio_written; out[7] = c->audio_short;
	Device *d = c->device;
	pthread_mutex_unlock(&global);
	out[0] = out[1] = out[2] = 0;
	if (d) {
		pthread_mutex_lock(&d->lock);
		out[0] = d->audio_enabled;
		out[1] = d->audio_channels;
		out[2] = d->audio_sample_type;
		pthread_mutex_unlock(&d->lock);
	}
	return 0;
}
