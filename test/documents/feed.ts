import { graphql } from '../generated/gql.js';

export const FeedPageQuery = graphql(`
  query FeedPage($authors: [AuthorInput!]!, $first: Int, $after: String) {
    feed(authors: $authors, first: $first, after: $after) {
      edges {
        cursor
        node {
          nativeId
          platform
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
    }
  }
`);

export const FeedIdsQuery = graphql(`
  query FeedIds($authors: [AuthorInput!]!, $first: Int!) {
    feed(authors: $authors, first: $first) {
      edges {
        node {
          nativeId
        }
      }
    }
  }
`);

export const FeedCursorsQuery = graphql(`
  query FeedCursors($authors: [AuthorInput!]!) {
    feed(authors: $authors) {
      edges {
        cursor
      }
    }
  }
`);
