import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** CSV_UPLOAD_MAX_MB in bytes. */
export function csvMaxBytes(config: { CSV_UPLOAD_MAX_MB: number }): number {
  return Math.floor(config.CSV_UPLOAD_MAX_MB * 1024 * 1024);
}

/**
 * Route options for a route that takes an uploaded CSV (in its JSON body): the body may be as large as
 * CSV_UPLOAD_MAX_MB, and a larger one is refused with a 413 that says the limit and what to do, before it is read.
 */
export function csvUploadOptions(maxBytes: number) {
  const megabytes = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return {
    bodyLimit: maxBytes,
    errorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
      if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error; // the app's error handler answers the rest
      return reply.status(413).send({
        error: 'csv_too_large',
        message: `The upload is larger than the ${megabytes} MB limit for CSV files (CSV_UPLOAD_MAX_MB); split it into smaller files.`,
      });
    },
  };
}
