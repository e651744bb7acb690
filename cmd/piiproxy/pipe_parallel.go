package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/piiproxy/piiproxy/redact"
)

// batchSize is how many bytes of lines one parallel job holds at most.
const batchSize = 256 << 10

var (
	pemBeginMark = []byte("-----BEGIN ")
	pemEndMark   = []byte("-----END ")
)

// runParallel scrubs r with p.workers goroutines, each with its own
// Session, on batches of whole lines; a writer goroutine emits the results
// in input order. Lines longer than maxLine are scrubbed in pieces, in
// order, by the reading goroutine after the batches before them. A private
// key's lines are never split between batches, so that its body is
// recognized as it is in sequential mode.
func (p *piper) runParallel(r io.Reader, w *bufio.Writer) error {
	type job struct {
		in  []byte
		out chan []byte
	}
	jobs := make(chan job, p.workers)
	order := make(chan chan []byte, 2*p.workers)
	pool := sync.Pool{New: func() any { return make([]byte, 0, batchSize+4096) }}

	var wg sync.WaitGroup
	for n := 0; n < p.workers; n++ {
		sess := p.sc.NewSession()
		p.extra = append(p.extra, sess)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out := pool.Get().([]byte)[:0]
				for len(j.in) > 0 {
					line := j.in
					if k := bytes.IndexByte(line, '\n'); k >= 0 {
						line = line[:k+1]
					}
					j.in = j.in[len(line):]
					body, eol := splitEOL(line)
					out = p.scrubWith(sess, out, body)
					out = append(out, eol...)
				}
				j.out <- out
				close(j.out)
			}
		}()
	}

	var werr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ch := range order {
			for buf := range ch {
				if werr == nil {
					_, werr = w.Write(buf)
				}
				pool.Put(buf[:0])
			}
			if len(order) == 0 && werr == nil {
				werr = w.Flush()
			}
		}
	}()

	br := bufio.NewReaderSize(r, p.maxLine)
	batch := pool.Get().([]byte)[:0]
	inKey := false
	send := func() {
		if len(batch) == 0 {
			return
		}
		ch := make(chan []byte, 1)
		order <- ch
		jobs <- job{in: batch, out: ch}
		batch = pool.Get().([]byte)[:0]
	}
	var rerr error
	for {
		if br.Buffered() == 0 && !inKey {
			send() // about to block: let what is read go out
		}
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			send()
			ch := make(chan []byte, 4)
			order <- ch
			lw := &chanWriter{ch: ch}
			bw := bufio.NewWriterSize(lw, 64<<10)
			err = p.longLine(br, line, bw)
			bw.Flush()
			close(ch)
			if err != nil {
				rerr = err
				break
			}
			continue
		}
		if len(line) > 0 {
			batch = append(batch, line...)
			switch {
			case loneKeyBegin(line):
				inKey = true
			case inKey && (bytes.Contains(line, pemEndMark) || len(batch) >= 4*batchSize):
				inKey = false
			}
			if len(batch) >= batchSize && !inKey {
				send()
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			rerr = err
			break
		}
	}
	send()
	close(jobs)
	wg.Wait()
	close(order)
	<-done
	if rerr != nil {
		return rerr
	}
	return werr
}

// scrubWith scrubs one line with sess. A panic in the engine (a bug) drops
// the line: it is replaced by failedLine and counted, never written raw.
func (p *piper) scrubWith(sess *redact.Session, dst, line []byte) (out []byte) {
	start := len(dst)
	defer func() {
		if r := recover(); r != nil {
			p.failed.Add(1)
			out = append(dst[:start], failedLine...)
		}
	}()
	switch p.format {
	case "text":
		return sess.AppendText(dst, line)
	case "json":
		out, err := sess.AppendJSON(dst, line)
		if err != nil {
			p.invalidPar.Add(1)
			return sess.AppendText(dst, line)
		}
		return out
	}
	return sess.AppendLine(dst, line)
}

// loneKeyBegin reports whether line is the BEGIN line of a private key
// with nothing after it, so that the key's body follows on the next lines.
func loneKeyBegin(line []byte) bool {
	k := bytes.Index(line, pemBeginMark)
	if k < 0 {
		return false
	}
	rest := line[k+len(pemBeginMark):]
	e := bytes.Index(rest, []byte("-----"))
	if e < 0 || !bytes.Contains(rest[:e], []byte("PRIVATE KEY")) {
		return false
	}
	return len(bytes.TrimSpace(rest[e+5:])) == 0
}

// chanWriter hands each write to the ordered writer as its own buffer.
type chanWriter struct{ ch chan []byte }

func (c *chanWriter) Write(b []byte) (int, error) {
	c.ch <- append([]byte(nil), b...)
	return len(b), nil
}
