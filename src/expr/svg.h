/* svg.h: the plots of `expr` and `landscape` (ECDF panels, enrichment landscapes) as SVG text. */
#ifndef SSC_SVG_H
#define SSC_SVG_H

#include <stddef.h>
#include <htslib/kstring.h>

#define SSC_SVG_PANEL_W 640 /* size of one panel, in px */
#define SSC_SVG_PANEL_H 420

/* A document of width x height px; end it with ssc_svg_end. 0 or SSC_ENOMEM. */
int ssc_svg_begin(kstring_t *s, int width, int height);
int ssc_svg_end(kstring_t *s);

/* One ECDF curve: x sorted ascending (NaN-free), its legend text. */
typedef struct {
    const double *x;
    size_t n;
    const char *label;
} ssc_svg_curve_t;

/* An ECDF panel with its top-left corner at (x0, y0): step curves, axes with
 * ticks, x-axis label, title, subtitle and a legend. The first curve is drawn
 * in black (the reference), the others in distinct colours. The x range covers
 * the 0.5th to 99.5th percentile of all values. */
int ssc_svg_ecdf(kstring_t *s, int x0, int y0, const char *title, const char *subtitle,
                 const char *xlab, const ssc_svg_curve_t *c, int nc);

/* A landscape panel: x = the n_bins cumulative window ends, y = score.
 * The envelope (per-bin minimum and maximum over every row of score,
 * row-major n_rows x n_bins) is drawn light grey; rows listed in hi[0..n_hi)
 * are drawn in colour with their labels; reference lines at 0 and +/-ref;
 * the point (peak_row, peak_bin) is marked with peak_label. */
typedef struct {
    const double *score;
    size_t n_rows;
    int n_bins;
    const size_t *bin_end;
    const size_t *hi;
    const char *const *hi_label;
    int n_hi;
    size_t peak_row;
    int peak_bin;     /* -1: no peak marked */
    const char *peak_label;
    double ref;
} ssc_svg_land_t;
int ssc_svg_landscape(kstring_t *s, int x0, int y0, const char *title, const char *subtitle,
                      const ssc_svg_land_t *l);

/* Append text with &, <, > and quotes escaped. */
int ssc_svg_escape(kstring_t *s, const char *text);

#endif
