package org.genlock.device.decklink.internal;

/**
 * Facts of the DeckLink SDK 12.2 ABI (Desktop Video 12.2 and later serve it): exported entry
 * points, interface ids, vtable slots and enum values, read from the SDK's public headers.
 *
 * <p>Vtable slots follow the Itanium C++ layout: IUnknown's QueryInterface, AddRef, Release
 * (0-2), then the interface's methods in declaration order. A derived interface
 * (IDeckLinkMutableVideoFrame) continues after its base's two destructor slots.
 */
final class Sdk {

	private Sdk() {
	}

	static final String ABI = "DeckLink SDK 12.2 (Desktop Video 12.2+)";
	static final String CREATE_DISCOVERY = "CreateDeckLinkDiscoveryInstance_0003";
	static final String CREATE_ITERATOR = "CreateDeckLinkIteratorInstance_0004";

	static final int S_OK = 0;
	static final int E_NOINTERFACE = 0x80000004;

	static final Guid IID_IUNKNOWN = Guid.parse("00000000-0000-0000-C000-000000000046");
	static final Guid IID_DECKLINK = Guid.parse("C418FBDD-0587-48ED-8FE5-640F0A14AF91");
	static final Guid IID_OUTPUT = Guid.parse("BE2D9020-461E-442F-84B7-E949CB953B9D");
	static final Guid IID_PROFILE_ATTRIBUTES = Guid.parse("17D4BF8E-4911-473A-80A0-731CF6FF345B");
	static final Guid IID_KEYER = Guid.parse("89AFCAF5-65F8-421E-98F7-96FE5F5BFBA3");
	static final Guid IID_STATUS = Guid.parse("5F558200-4028-49BC-BEAC-DB3FA4A96E46");
	static final Guid IID_VIDEO_OUTPUT_CALLBACK = Guid.parse("20AA5225-1958-47CB-820B-80A8D521A6EE");
	static final Guid IID_DEVICE_NOTIFICATION_CALLBACK = Guid.parse("4997053B-0ADF-4CC8-AC70-7A50C4BE728F");

	// IUnknown
	static final int QUERY_INTERFACE = 0;
	static final int ADD_REF = 1;
	static final int RELEASE = 2;

	// IDeckLink
	static final int DECKLINK_GET_DISPLAY_NAME = 4;

	// IDeckLinkDiscovery
	static final int DISCOVERY_INSTALL = 3;
	static final int DISCOVERY_UNINSTALL = 4;

	// IDeckLinkOutput
	static final int OUT_DOES_SUPPORT_VIDEO_MODE = 3;
	static final int OUT_GET_DISPLAY_MODE_ITERATOR = 5;
	static final int OUT_ENABLE_VIDEO_OUTPUT = 7;
	static final int OUT_DISABLE_VIDEO_OUTPUT = 8;
	static final int OUT_CREATE_VIDEO_FRAME = 10;
	static final int OUT_SCHEDULE_VIDEO_FRAME = 13;
	static final int OUT_SET_COMPLETION_CALLBACK = 14;
	// audio output, declared after GetBufferedVideoFrameCount (15): EnableAudioOutput,
	// DisableAudioOutput, WriteAudioSamplesSync, BeginAudioPreroll, EndAudioPreroll,
	// ScheduleAudioSamples, GetBufferedAudioSampleFrameCount, FlushBufferedAudioSamples,
	// SetAudioCallback (16-24)
	static final int OUT_ENABLE_AUDIO_OUTPUT = 16;
	static final int OUT_DISABLE_AUDIO_OUTPUT = 17;
	static final int OUT_SCHEDULE_AUDIO_SAMPLES = 21;
	static final int OUT_START_SCHEDULED_PLAYBACK = 25;
	static final int OUT_STOP_SCHEDULED_PLAYBACK = 26;
	static final int OUT_GET_SCHEDULED_STREAM_TIME = 28;
	static final int OUT_GET_REFERENCE_STATUS = 29;

	// IDeckLinkDisplayModeIterator, IDeckLinkDisplayMode
	static final int ITERATOR_NEXT = 3;
	static final int MODE_GET_DISPLAY_MODE = 4;
	static final int MODE_GET_WIDTH = 5;
	static final int MODE_GET_HEIGHT = 6;
	static final int MODE_GET_FRAME_RATE = 7;
	static final int MODE_GET_FIELD_DOMINANCE = 8;

	// IDeckLinkVideoFrame (3-10, destructor 11-12), IDeckLinkMutableVideoFrame (13-)
	static final int FRAME_GET_BYTES = 8;
	static final int FRAME_SET_TIMECODE_FROM_COMPONENTS = 15;

	// IDeckLinkProfileAttributes, IDeckLinkStatus
	static final int GET_FLAG = 3;
	static final int GET_INT = 4;

	// IDeckLinkKeyer
	static final int KEYER_ENABLE = 3;
	static final int KEYER_SET_LEVEL = 4;
	static final int KEYER_DISABLE = 7;

	// IDeckLinkVideoOutputCallback, IDeckLinkDeviceNotificationCallback: 3 and 4 after IUnknown,
	// then the two destructor slots
	static final int CALLBACK_SLOTS = 7;

	static int fourcc(String s) {
		return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
	}

	static String fourccText(long v) {
		char[] c = { (char) ((v >> 24) & 0xFF), (char) ((v >> 16) & 0xFF), (char) ((v >> 8) & 0xFF), (char) (v & 0xFF) };
		for (char ch : c) {
			if (ch < 0x20 || ch > 0x7E) {
				return "0x" + Long.toHexString(v);
			}
		}
		return new String(c);
	}

	static final int PF_8BIT_YUV = fourcc("2vuy");
	static final int PF_10BIT_YUV = fourcc("v210");
	static final int PF_8BIT_BGRA = fourcc("BGRA");
	static final int FIELD_LOWER = fourcc("lowr");
	static final int FIELD_UPPER = fourcc("uppr");
	static final int FIELD_PROGRESSIVE = fourcc("prog");
	static final int NO_CONVERSION = fourcc("none");
	static final int MODE_UNKNOWN = fourcc("iunk");
	static final int SUPPORTED_MODE_KEYING = 1;
	static final int OUTPUT_VITC = 1 << 1;
	static final int OUTPUT_RP188 = 1 << 2;
	static final int TIMECODE_RP188_VITC1 = fourcc("rpv1");
	static final int TIMECODE_VITC = fourcc("vitc");
	static final int TIMECODE_IS_DROP_FRAME = 1;
	static final int REFERENCE_LOCKED = 1 << 1;
	static final int AUDIO_SAMPLE_RATE_48KHZ = 48_000; // BMDAudioSampleRate
	static final int AUDIO_SAMPLE_TYPE_32BIT_INTEGER = 32; // BMDAudioSampleType
	static final int AUDIO_OUTPUT_STREAM_TIMESTAMPED = 2; // BMDAudioOutputStreamType: Continuous, ContinuousDontResample, Timestamped

	static final int ATTR_SUPPORTS_INTERNAL_KEYING = fourcc("keyi");
	static final int ATTR_SUPPORTS_EXTERNAL_KEYING = fourcc("keye");
	static final int ATTR_HAS_REFERENCE_INPUT = fourcc("hrin");
	static final int ATTR_PERSISTENT_ID = fourcc("peid");
	static final int STATUS_REFERENCE_SIGNAL_MODE = fourcc("refm");
	static final int STATUS_REFERENCE_SIGNAL_LOCKED = fourcc("refl");
}
