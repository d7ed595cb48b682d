"""The staff workspace: administrations' employees process, in the browser, the applications their
package marks `processing: staff`."""
