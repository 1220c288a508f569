/** The inbound telephony format: Twilio Media Streams send 8 kHz mono μ-law in 20 ms frames. */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
/** Samples (and μ-law bytes) in one 20 ms frame. */
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;
