#pragma once
// For programs (the library never calls it): glibc malloc settings suited to the CSV reader.
//
// The reader allocates and frees a few MB per chunk on several threads. glibc serves blocks that
// size with fresh mmaps, so every chunk pays page faults to zero new pages: 0.4 s of system time
// on a 250 MB file, 40% of a streamed fit and of an in-memory parse. Served from the heap and not
// trimmed back right away, the pages are reused. One arena: each parsing thread would otherwise
// keep its own free lists, and peak memory crept up with the file size as more of them came into
// use. `linreg` calls this first thing; so does bench_parse_csv, to measure the reader as the
// program runs it.
namespace linreg {

void configure_allocator();

}  // namespace linreg
