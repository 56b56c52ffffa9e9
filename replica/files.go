package replica

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/benbjohnson/litestream/file"
	lss3 "github.com/benbjohnson/litestream/s3"
)

// Files keeps files that live beside the database, not in it (the releases'
// folders), with its replica: Litestream ships the database's pages, and these
// are whole files it knows nothing of. They go beside the replica, never inside
// it, so that nothing Litestream does to its own files (compaction, retention)
// touches them: file:///backups/twinning keeps them in /backups/twinning-files,
// s3://bucket/primary under bucket/primary-files/.
//
// Names are slash-separated paths below that root ("2026-12-07/SHA256SUMS").
type Files interface {
	// Put stores the local file src under name, replacing what was there.
	Put(ctx context.Context, name, src string) error
	// Get writes name to the local file dst (created; never replaced).
	Get(ctx context.Context, name, dst string) error
	// List is every name below the root.
	List(ctx context.Context) ([]string, error)
	// Delete removes names; a name already gone is no error.
	Delete(ctx context.Context, names ...string) error
	// Where is the root, credentials removed, for messages.
	Where() string
}

// filesSuffix is what the replica's path gets for its files' root.
const filesSuffix = "-files"

// FilesFor is the Files of the replica at rawURL.
func FilesFor(ctx context.Context, rawURL string) (Files, error) {
	client, err := ClientFor(rawURL)
	if err != nil {
		return nil, err
	}
	switch c := client.(type) {
	case *file.ReplicaClient:
		return dirFiles(filepath.Clean(c.Path()) + filesSuffix), nil
	case *lss3.ReplicaClient:
		return newS3Files(ctx, c)
	}
	return nil, fmt.Errorf("replica %s: files cannot be kept there", Redact(rawURL))
}

// dirFiles keeps files in a folder.
type dirFiles string

func (d dirFiles) Where() string { return "file://" + string(d) }

func (d dirFiles) local(name string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("replica files: bad name %q", name)
	}
	return filepath.Join(string(d), filepath.FromSlash(name)), nil
}

func (d dirFiles) Put(ctx context.Context, name, src string) error {
	dst, err := d.local(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("replica files: %w", err)
	}
	// Written under another name, then renamed: a copy is whole or absent.
	tmp := dst + ".tmp"
	os.Remove(tmp) // left by a copy that stopped midway
	if err := copyLocal(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replica files: %s: %w", name, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("replica files: %w", err)
	}
	return nil
}

func (d dirFiles) Get(ctx context.Context, name, dst string) error {
	src, err := d.local(name)
	if err != nil {
		return err
	}
	if err := copyLocal(src, dst); err != nil {
		return fmt.Errorf("replica files: %s: %w", name, err)
	}
	return nil
}

func (d dirFiles) List(ctx context.Context) ([]string, error) {
	var names []string
	err := filepath.WalkDir(string(d), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == string(d) {
				return fs.SkipAll // nothing kept yet
			}
			return err
		}
		if !e.IsDir() && !strings.HasSuffix(p, ".tmp") {
			rel, err := filepath.Rel(string(d), p)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("replica files: listing %s: %w", d, err)
	}
	return names, nil
}

func (d dirFiles) Delete(ctx context.Context, names ...string) error {
	for _, name := range names {
		p, err := d.local(name)
		if err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("replica files: %w", err)
		}
		os.Remove(filepath.Dir(p)) // the folder, once empty
	}
	return nil
}

// copyLocal copies src to a new file dst.
func copyLocal(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeNew(dst, in)
}

// writeNew writes r to a new file dst (never replacing one), on disk when it returns.
func writeNew(dst string, r io.Reader) error {
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// validName is a relative slash path with no way out of the root.
func validName(name string) bool {
	return name != "" && !strings.HasPrefix(name, "/") && path.Clean(name) == name && !strings.HasPrefix(name, "..") &&
		!strings.Contains(name, "\\")
}

// s3Files keeps files in an S3-compatible bucket, configured from the same URL,
// credentials and query parameters as Litestream's client (endpoint, region,
// forcePathStyle, skipVerify), with the AWS SDK Litestream brings.
type s3Files struct {
	client   *s3.Client
	uploader *manager.Uploader
	bucket   string
	prefix   string // the replica's path + filesSuffix + "/"
}

func newS3Files(ctx context.Context, c *lss3.ReplicaClient) (*s3Files, error) {
	if c.Bucket == "" {
		return nil, errors.New("replica files: s3: no bucket")
	}
	var loadOpts []func(*config.LoadOptions) error
	if c.AccessKeyID != "" && c.SecretAccessKey != "" {
		loadOpts = append(loadOpts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, "")))
	}
	if c.SkipVerify {
		loadOpts = append(loadOpts, config.WithHTTPClient(&http.Client{Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("replica files: s3 configuration: %w", err)
	}
	opts := func(o *s3.Options) {
		o.UsePathStyle = c.ForcePathStyle
		if c.Endpoint != "" {
			endpoint := c.Endpoint
			if !strings.HasPrefix(endpoint, "http://") && !strings.HasPrefix(endpoint, "https://") {
				endpoint = "https://" + endpoint
			}
			o.BaseEndpoint = aws.String(endpoint)
			// S3-compatible stores take no aws-chunked checksums (litestream#918).
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
	}
	cfg.Region = c.Region
	if cfg.Region == "" {
		cfg.Region = lss3.DefaultRegion
		if c.Endpoint == "" { // AWS itself: ask where the bucket is, as Litestream does
			region, err := manager.GetBucketRegion(ctx, s3.NewFromConfig(cfg, opts), c.Bucket)
			if err != nil {
				return nil, fmt.Errorf("replica files: finding the region of bucket %s: %w", c.Bucket, err)
			}
			cfg.Region = region
		}
	}
	client := s3.NewFromConfig(cfg, opts)
	uploader := manager.NewUploader(client, func(u *manager.Uploader) {
		if c.Endpoint != "" {
			u.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		}
	})
	prefix := strings.Trim(c.Path, "/") + filesSuffix + "/"
	return &s3Files{client: client, uploader: uploader, bucket: c.Bucket, prefix: prefix}, nil
}

func (s *s3Files) Where() string { return "s3://" + s.bucket + "/" + s.prefix }

func (s *s3Files) key(name string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("replica files: bad name %q", name)
	}
	return s.prefix + name, nil
}

func (s *s3Files) Put(ctx context.Context, name, src string) error {
	key, err := s.key(name)
	if err != nil {
		return err
	}
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("replica files: %w", err)
	}
	defer f.Close()
	// The uploader sends big files (a world-scale release database) in parts.
	if _, err := s.uploader.Upload(ctx, &s3.PutObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key), Body: f}); err != nil {
		return fmt.Errorf("replica files: uploading %s: %w", name, err)
	}
	return nil
}

func (s *s3Files) Get(ctx context.Context, name, dst string) error {
	key, err := s.key(name)
	if err != nil {
		return err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("replica files: downloading %s: %w", name, err)
	}
	defer out.Body.Close()
	if err := writeNew(dst, out.Body); err != nil {
		return fmt.Errorf("replica files: downloading %s: %w", name, err)
	}
	return nil
}

func (s *s3Files) List(ctx context.Context) ([]string, error) {
	var names []string
	pages := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(s.prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("replica files: listing %s: %w", s.Where(), err)
		}
		for _, o := range page.Contents {
			names = append(names, strings.TrimPrefix(aws.ToString(o.Key), s.prefix))
		}
	}
	return names, nil
}

func (s *s3Files) Delete(ctx context.Context, names ...string) error {
	for len(names) > 0 {
		n := min(len(names), 1000) // DeleteObjects takes at most 1,000 keys
		var ids []types.ObjectIdentifier
		for _, name := range names[:n] {
			key, err := s.key(name)
			if err != nil {
				return err
			}
			ids = append(ids, types.ObjectIdentifier{Key: aws.String(key)})
		}
		out, err := s.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(s.bucket), Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return fmt.Errorf("replica files: deleting: %w", err)
		}
		if len(out.Errors) > 0 {
			return fmt.Errorf("replica files: deleting %s: %s", aws.ToString(out.Errors[0].Key), aws.ToString(out.Errors[0].Message))
		}
		names = names[n:]
	}
	return nil
}
